// Fuzz target: the guest image loader (models/platform/image_loader.h) on arbitrary files,
// with the platform's RAM and flash windows (models/board/memory_map.h). The loader may
// refuse a file only with mtesim::Error; what it does load must lie inside the windows
// it was given, which the fake memory below checks on every write (without committing
// host memory for it).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "models/board/memory_map.h"
#include "models/platform/image_loader.h"
#include "tests/fuzz/input_file.h"
#include "tests/fuzz/refusable.h"

namespace {

using namespace mtesim::models;

constexpr uint64_t kRamSize = 256ull << 20;
volatile uint64_t g_sink;  // the writer reads every byte it is given, so ASan checks the range

bool Inside(uint64_t pa, uint64_t size, uint64_t base, uint64_t range) {
  return pa >= base && size <= range && pa - base <= range - size;
}

void CheckWrite(uint64_t pa, uint64_t size) {
  if (Inside(pa, size, kRamBase, kRamSize) || Inside(pa, size, kFlashBase, kFlashSize)) return;
  std::fprintf(stderr, "image loader wrote outside RAM and flash: %#llx + %#llx\n",
               static_cast<unsigned long long>(pa), static_cast<unsigned long long>(size));
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string& path = mtesim::fuzz::WriteInputFile(data, size, "image");
  PhysicalWriter writer;
  writer.write = [&](uint64_t pa, const uint8_t* bytes, uint64_t n) {
    CheckWrite(pa, n);
    uint64_t sum = 0;
    for (uint64_t k = 0; k < n; ++k) sum += bytes[k];
    g_sink = sum;
  };
  writer.zero = [](uint64_t pa, uint64_t n) { CheckWrite(pa, n); };
  mtesim::fuzz::Refusable([&] { LoadImage(path, kRamBase, kRamSize, writer, {{"flash", kFlashBase, kFlashSize}}); });
  return 0;
}
