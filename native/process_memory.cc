// Reading another process's memory: the one primitive the monitor needs from the
// kernel that Node does not offer. Linux uses process_vm_readv (one syscall, no
// ptrace stop needed when the caller is the parent or has CAP_SYS_PTRACE).
#include "process_memory.h"

#if defined(__linux__)
#include <errno.h>
#include <string.h>
#include <sys/types.h>
#include <sys/uio.h>
#endif

namespace minidump_pipeline {

// Returns the bytes read (possibly fewer than asked at a mapping boundary) or -errno.
long ReadProcessMemory(int pid, uint64_t address, void* out, size_t length) {
#if defined(__linux__)
  size_t done = 0;
  while (done < length) {
    struct iovec local = {static_cast<char*>(out) + done, length - done};
    struct iovec remote = {reinterpret_cast<void*>(static_cast<uintptr_t>(address + done)), length - done};
    ssize_t n = process_vm_readv(pid, &local, 1, &remote, 1, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      return done > 0 ? static_cast<long>(done) : -errno;
    }
    if (n == 0) break;
    done += static_cast<size_t>(n);
  }
  return static_cast<long>(done);
#else
  (void)pid; (void)address; (void)out; (void)length;
  return -38;  // ENOSYS
#endif
}

}  // namespace minidump_pipeline
