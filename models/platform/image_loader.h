// Loads a guest image into physical memory the way QEMU's -kernel does (platform.md):
// ELF by its PT_LOAD segments (in RAM or in another loadable range such as the flash), an arm64 Linux Image at RAM base + text_offset, anything
// else as a raw binary at RAM base + 0x80000. Every problem is an mtesim::Error naming
// the file and what is wrong with it.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace mtesim::models {

struct LoadedImage {
  enum class Kind { Elf, LinuxImage, Raw } kind = Kind::Raw;
  uint64_t entry = 0;
  uint64_t lowest = 0, end = 0;  // physical extent of everything loaded: [lowest, end)
};

// `write(pa, bytes, size)` stores into guest RAM; `zero(pa, size)` clears it. The memory
// is fresh (reads zero) when loading starts: zero-filled parts are cleared only where
// the image itself wrote first, so they cost no host memory.
struct PhysicalWriter {
  std::function<void(uint64_t, const uint8_t*, uint64_t)> write;
  std::function<void(uint64_t, uint64_t)> zero;
};

// A physical range besides RAM that ELF segments may be loaded into.
struct LoadableRange {
  std::string name;
  uint64_t base = 0, size = 0;
};

LoadedImage LoadImage(const std::string& path, uint64_t ram_base, uint64_t ram_size, const PhysicalWriter& out,
                      const std::vector<LoadableRange>& elf_also_into = {});

const char* ImageKindName(LoadedImage::Kind kind);

}  // namespace mtesim::models
