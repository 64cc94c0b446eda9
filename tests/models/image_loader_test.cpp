#include <elf.h>
#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <map>
#include <vector>

#include "models/error.h"
#include "models/platform/image_loader.h"

using mtesim::Error;
using mtesim::models::LoadedImage;
using mtesim::models::LoadImage;
using mtesim::models::PhysicalWriter;

namespace {

constexpr uint64_t kRam = 0x40000000, kRamSize = 16 << 20;

struct FakeRam {
  std::map<uint64_t, uint8_t> bytes;
  PhysicalWriter writer() {
    PhysicalWriter w;
    w.write = [this](uint64_t pa, const uint8_t* p, uint64_t n) { for (uint64_t i = 0; i < n; ++i) bytes[pa + i] = p[i]; };
    w.zero = [this](uint64_t pa, uint64_t n) { for (uint64_t i = 0; i < n; ++i) bytes[pa + i] = 0; };
    return w;
  }
};

std::string Write(const std::string& name, const std::vector<uint8_t>& data) {
  const std::string path = std::string(MTESIM_TEST_TMPDIR) + "/" + name;
  std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(data.data()), static_cast<long>(data.size()));
  return path;
}

// A minimal ELF64 with one PT_LOAD segment of `payload` at `paddr` (memsz = filesz + bss).
std::vector<uint8_t> MakeElf(uint16_t machine, uint64_t paddr, std::vector<uint8_t> payload, uint64_t bss,
                             uint64_t entry) {
  Elf64_Ehdr eh{};
  std::memcpy(eh.e_ident, ELFMAG, SELFMAG);
  eh.e_ident[EI_CLASS] = ELFCLASS64;
  eh.e_ident[EI_DATA] = ELFDATA2LSB;
  eh.e_ident[EI_VERSION] = EV_CURRENT;
  eh.e_type = ET_EXEC;
  eh.e_machine = machine;
  eh.e_version = EV_CURRENT;
  eh.e_entry = entry;
  eh.e_phoff = sizeof(Elf64_Ehdr);
  eh.e_ehsize = sizeof(Elf64_Ehdr);
  eh.e_phentsize = sizeof(Elf64_Phdr);
  eh.e_phnum = 1;
  Elf64_Phdr ph{};
  ph.p_type = PT_LOAD;
  ph.p_offset = sizeof(Elf64_Ehdr) + sizeof(Elf64_Phdr);
  ph.p_vaddr = ph.p_paddr = paddr;
  ph.p_filesz = payload.size();
  ph.p_memsz = payload.size() + bss;
  ph.p_flags = PF_R | PF_X;
  std::vector<uint8_t> out(sizeof eh + sizeof ph + payload.size());
  std::memcpy(out.data(), &eh, sizeof eh);
  std::memcpy(out.data() + sizeof eh, &ph, sizeof ph);
  std::copy(payload.begin(), payload.end(), out.begin() + static_cast<long>(sizeof eh + sizeof ph));
  return out;
}

std::string ErrorOf(const std::string& path, uint64_t ram_size = kRamSize) {
  FakeRam ram;
  try {
    LoadImage(path, kRam, ram_size, ram.writer());
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

// The loader writes into fresh memory (reading zero): a .bss is not written, so a huge
// one commits no host memory. The marker byte shows the loader left it alone.
TEST(ImageLoader, ElfSegmentsAtPhysicalAddressBssLeftToFreshMemory) {
  FakeRam ram;
  ram.bytes[kRam + 0x1003] = 0xAA;  // marks a bss byte the loader must not write
  const auto path = Write("ok.elf", MakeElf(EM_AARCH64, kRam + 0x1000, {1, 2, 3}, 16, kRam + 0x1000));
  const LoadedImage img = LoadImage(path, kRam, kRamSize, ram.writer());
  EXPECT_EQ(img.kind, LoadedImage::Kind::Elf);
  EXPECT_EQ(img.entry, kRam + 0x1000);
  EXPECT_EQ(ram.bytes[kRam + 0x1002], 3);
  EXPECT_EQ(ram.bytes[kRam + 0x1003], 0xAA);
  EXPECT_EQ(img.end, kRam + 0x1000 + 19);
}

// Firmware linked into the flash (as U-Boot for QEMU virt is) loads there when the platform
// offers the flash as a loadable range, and is refused with both ranges named otherwise.
TEST(ImageLoader, ElfSegmentsMayLoadIntoAnExtraRange) {
  FakeRam ram;
  const auto path = Write("flash.elf", MakeElf(EM_AARCH64, 0x1000, {7, 8}, 0, 0x1000));
  const LoadedImage img = LoadImage(path, kRam, kRamSize, ram.writer(), {{"flash", 0, 0x08000000}});
  EXPECT_EQ(img.entry, 0x1000u);
  EXPECT_EQ(ram.bytes[0x1001], 8);
  EXPECT_NE(ErrorOf(path).find("does not fit in RAM"), std::string::npos);

  const auto outside = Write("outside.elf", MakeElf(EM_AARCH64, 0x09000000, {7}, 0, 0x09000000));
  try {
    LoadImage(outside, kRam, kRamSize, ram.writer(), {{"flash", 0, 0x08000000}});
    ADD_FAILURE() << "an ELF segment outside RAM and flash was accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("or flash 0x0..0x8000000"), std::string::npos) << e.what();
  }
}

TEST(ImageLoader, LinuxImageAtTextOffset) {
  std::vector<uint8_t> img(128, 0);
  const uint64_t text_offset = 0x200000, image_size = 0x1000;
  std::memcpy(&img[8], &text_offset, 8);
  std::memcpy(&img[16], &image_size, 8);
  img[0x38] = 'A'; img[0x39] = 'R'; img[0x3A] = 'M'; img[0x3B] = 0x64;
  img[0] = 0x7E;
  FakeRam ram;
  const LoadedImage li = LoadImage(Write("Image", img), kRam, kRamSize, ram.writer());
  EXPECT_EQ(li.kind, LoadedImage::Kind::LinuxImage);
  EXPECT_EQ(li.entry, kRam + text_offset);
  EXPECT_EQ(ram.bytes[kRam + text_offset], 0x7E);
  EXPECT_EQ(li.end, kRam + text_offset + image_size);
}

TEST(ImageLoader, RawBinaryAt0x80000) {
  FakeRam ram;
  const LoadedImage li = LoadImage(Write("raw.bin", {0xDE, 0xAD}), kRam, kRamSize, ram.writer());
  EXPECT_EQ(li.kind, LoadedImage::Kind::Raw);
  EXPECT_EQ(li.entry, kRam + 0x80000);
  EXPECT_EQ(ram.bytes[kRam + 0x80001], 0xAD);
}

TEST(ImageLoader, MissingFile) {
  EXPECT_NE(ErrorOf(std::string(MTESIM_TEST_TMPDIR) + "/nope").find("cannot open"), std::string::npos);
}

TEST(ImageLoader, EmptyFile) { EXPECT_NE(ErrorOf(Write("empty", {})).find("empty"), std::string::npos); }

TEST(ImageLoader, ElfForAnotherMachine) {
  const auto path = Write("x86.elf", MakeElf(EM_X86_64, kRam, {1}, 0, kRam));
  EXPECT_NE(ErrorOf(path).find("not AArch64"), std::string::npos);
}

TEST(ImageLoader, ElfSegmentOutsideRam) {
  const auto path = Write("low.elf", MakeElf(EM_AARCH64, 0x1000, {1}, 0, 0x1000));
  EXPECT_NE(ErrorOf(path).find("does not fit in RAM"), std::string::npos);
}

TEST(ImageLoader, TruncatedElfSegment) {
  auto elf = MakeElf(EM_AARCH64, kRam, {1, 2, 3, 4}, 0, kRam);
  elf.resize(elf.size() - 2);
  EXPECT_NE(ErrorOf(Write("trunc.elf", elf)).find("outside the file"), std::string::npos);
}

TEST(ImageLoader, ElfEntryOutsideSegments) {
  const auto path = Write("entry.elf", MakeElf(EM_AARCH64, kRam, {1}, 0, kRam + 0x100000));
  EXPECT_NE(ErrorOf(path).find("entry point"), std::string::npos);
}

TEST(ImageLoader, CorruptElfHeader) {
  EXPECT_NE(ErrorOf(Write("corrupt.elf", {0x7F, 'E', 'L', 'F', 9, 9, 9})).find("ELF"), std::string::npos);
}

TEST(ImageLoader, RawImageLargerThanRam) {
  std::vector<uint8_t> big(kRamSize, 0);
  EXPECT_NE(ErrorOf(Write("big.bin", big)).find("does not fit in RAM"), std::string::npos);
}
