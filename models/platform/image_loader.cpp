#include "models/platform/image_loader.h"

#include <gelf.h>
#include <libelf.h>

#include <algorithm>
#include <cstring>
#include <utility>
#include <vector>

#include "models/config/host_file.h"
#include "models/error.h"
#include "models/hex.h"

namespace mtesim::models {

namespace {

constexpr uint64_t kDefaultTextOffset = 0x80000;

std::vector<uint8_t> ReadFile(const std::string& path) {
  std::vector<uint8_t> bytes = config::ReadRegularFile(path, "image");
  if (bytes.empty()) throw Error(path + ": the image is empty");
  return bytes;
}

bool Inside(uint64_t pa, uint64_t size, uint64_t base, uint64_t range_size) {
  return pa >= base && size <= range_size && pa - base <= range_size - size;
}

void CheckFits(const std::string& path, const char* what, uint64_t pa, uint64_t size, uint64_t ram_base,
               uint64_t ram_size, const std::vector<LoadableRange>& also = {}) {
  if (Inside(pa, size, ram_base, ram_size)) return;
  std::string others;
  for (const LoadableRange& r : also) {
    if (Inside(pa, size, r.base, r.size)) return;
    others += " or " + r.name + " " + Hex(r.base) + ".." + Hex(r.base + r.size);
  }
  throw Error(path + ": " + what + " at " + Hex(pa) + " (" + std::to_string(size) + " bytes) does not fit in RAM " +
              Hex(ram_base) + ".." + Hex(ram_base + ram_size) + others);
}

LoadedImage LoadElf(const std::string& path, std::vector<uint8_t>& bytes, uint64_t ram_base, uint64_t ram_size,
                    const PhysicalWriter& out, const std::vector<LoadableRange>& also) {
  if (elf_version(EV_CURRENT) == EV_NONE) throw Error("libelf initialisation failed");
  Elf* elf = elf_memory(reinterpret_cast<char*>(bytes.data()), bytes.size());
  struct Closer { Elf* e; ~Closer() { elf_end(e); } } closer{elf};
  GElf_Ehdr ehdr;
  if (!elf || elf_kind(elf) != ELF_K_ELF || !gelf_getehdr(elf, &ehdr))
    throw Error(path + ": not a valid ELF file: " + elf_errmsg(-1));
  if (ehdr.e_ident[EI_CLASS] != ELFCLASS64) throw Error(path + ": ELF is 32-bit; mtesim runs 64-bit AArch64 images");
  if (ehdr.e_ident[EI_DATA] != ELFDATA2LSB) throw Error(path + ": ELF is big-endian; mtesim runs little-endian images");
  if (ehdr.e_machine != EM_AARCH64)
    throw Error(path + ": ELF is for machine " + std::to_string(ehdr.e_machine) + ", not AArch64 (183)");
  if (ehdr.e_type != ET_EXEC && ehdr.e_type != ET_DYN) throw Error(path + ": ELF is not an executable");
  size_t phnum = 0;
  if (elf_getphdrnum(elf, &phnum) != 0) throw Error(path + ": corrupt ELF program headers: " + elf_errmsg(-1));

  LoadedImage img;
  img.kind = LoadedImage::Kind::Elf;
  img.entry = ehdr.e_entry;
  img.lowest = ~uint64_t{0};
  // The loader writes into fresh memory, which reads as zero: a segment's zero-filled
  // part (p_memsz > p_filesz, .bss) needs clearing only where an earlier segment's file
  // bytes lie, so a huge .bss costs no host memory (writing its zeros would commit it).
  std::vector<std::pair<uint64_t, uint64_t>> written;  // [begin, end) of file bytes loaded
  for (size_t k = 0; k < phnum; ++k) {
    GElf_Phdr ph;
    if (!gelf_getphdr(elf, static_cast<int>(k), &ph)) throw Error(path + ": corrupt ELF program header " + std::to_string(k));
    if (ph.p_type != PT_LOAD || ph.p_memsz == 0) continue;
    if (ph.p_filesz > ph.p_memsz || ph.p_offset > bytes.size() || ph.p_filesz > bytes.size() - ph.p_offset)
      throw Error(path + ": ELF segment " + std::to_string(k) + " lies outside the file (truncated or corrupt)");
    CheckFits(path, "ELF segment", ph.p_paddr, ph.p_memsz, ram_base, ram_size, also);
    out.write(ph.p_paddr, bytes.data() + ph.p_offset, ph.p_filesz);
    const uint64_t zero_begin = ph.p_paddr + ph.p_filesz, zero_end = ph.p_paddr + ph.p_memsz;
    for (const auto& [begin, end] : written) {
      const uint64_t from = std::max(begin, zero_begin), to = std::min(end, zero_end);
      if (from < to) out.zero(from, to - from);
    }
    written.emplace_back(ph.p_paddr, ph.p_paddr + ph.p_filesz);
    img.lowest = std::min<uint64_t>(img.lowest, ph.p_paddr);
    img.end = std::max<uint64_t>(img.end, ph.p_paddr + ph.p_memsz);
  }
  if (img.end == 0) throw Error(path + ": ELF has no loadable segment");
  if (img.entry < img.lowest || img.entry >= img.end)
    throw Error(path + ": ELF entry point " + Hex(img.entry) + " is outside its loaded segments");
  return img;
}

uint64_t Le64(const uint8_t* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}

bool IsLinuxImage(const std::vector<uint8_t>& b) {
  return b.size() >= 64 && b[0x38] == 'A' && b[0x39] == 'R' && b[0x3A] == 'M' && b[0x3B] == 0x64;
}

}  // namespace

const char* ImageKindName(LoadedImage::Kind kind) {
  switch (kind) {
    case LoadedImage::Kind::Elf: return "ELF";
    case LoadedImage::Kind::LinuxImage: return "arm64 Image";
    case LoadedImage::Kind::Raw: return "raw binary";
  }
  return "?";
}

LoadedImage LoadImage(const std::string& path, uint64_t ram_base, uint64_t ram_size, const PhysicalWriter& out,
                      const std::vector<LoadableRange>& elf_also_into) {
  std::vector<uint8_t> bytes = ReadFile(path);
  if (bytes.size() >= 4 && std::memcmp(bytes.data(), ELFMAG, SELFMAG) == 0)
    return LoadElf(path, bytes, ram_base, ram_size, out, elf_also_into);

  LoadedImage img;
  uint64_t load = ram_base + kDefaultTextOffset;
  uint64_t extent = bytes.size();
  if (IsLinuxImage(bytes)) {
    img.kind = LoadedImage::Kind::LinuxImage;
    const uint64_t text_offset = Le64(&bytes[8]), image_size = Le64(&bytes[16]);
    // An image_size of 0 marks a pre-3.17 kernel whose text_offset is not reliable.
    if (image_size != 0) {
      load = ram_base + text_offset;
      extent = std::max<uint64_t>(extent, image_size);
    }
  } else {
    img.kind = LoadedImage::Kind::Raw;
  }
  CheckFits(path, ImageKindName(img.kind), load, extent, ram_base, ram_size);
  // Beyond the file (an Image's image_size) the fresh memory reads as zero already.
  out.write(load, bytes.data(), bytes.size());
  img.entry = load;
  img.lowest = load;
  img.end = load + extent;
  return img;
}

}  // namespace mtesim::models
