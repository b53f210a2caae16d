#pragma once
#include <cstddef>
#include <cstdint>

namespace minidump_pipeline {
long ReadProcessMemory(int pid, uint64_t address, void* out, size_t length);
}
