// The addon's JavaScript surface. Kept to what must be native; argument checking
// happens in src/native.ts so errors there are typed PipelineErrors.
#include <napi.h>
#include <cstring>
#include "process_memory.h"

namespace {

// readProcessMemory(pid: number, address: bigint, length: number): Buffer | number (negative errno)
Napi::Value ReadProcessMemoryJs(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 3 || !info[0].IsNumber() || !info[1].IsBigInt() || !info[2].IsNumber()) {
    return Napi::Number::New(env, -22);  // EINVAL
  }
  int pid = info[0].As<Napi::Number>().Int32Value();
  bool lossless = false;
  uint64_t address = info[1].As<Napi::BigInt>().Uint64Value(&lossless);
  double want = info[2].As<Napi::Number>().DoubleValue();
  if (!lossless || want < 0 || want > 64.0 * 1024 * 1024) return Napi::Number::New(env, -22);
  size_t length = static_cast<size_t>(want);
  Napi::Buffer<uint8_t> buffer = Napi::Buffer<uint8_t>::New(env, length);
  long n = minidump_pipeline::ReadProcessMemory(pid, address, buffer.Data(), length);
  if (n < 0) return Napi::Number::New(env, static_cast<double>(n));
  return Napi::Buffer<uint8_t>::Copy(env, buffer.Data(), static_cast<size_t>(n));
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("readProcessMemory", Napi::Function::New(env, ReadProcessMemoryJs));
  return exports;
}

}  // namespace

NODE_API_MODULE(minidump_pipeline, Init)
