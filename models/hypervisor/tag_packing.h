// The packed tag layout arm64's mteswap stores a swapped-out page's tags in: two tags per
// byte, 128 bytes per 4 KiB page. mte_save_page_tags reads 16 granules at a time with LDGM,
// which puts granule k of a 256-byte block in bits [4k+3:4k] of a register, and stores the
// register little-endian: byte i holds granule 2i in its low nibble and granule 2i+1 in
// its high nibble. Host memory transfers tags one per byte (host_memory.h), so swap packs
// on the way out and unpacks on the way in; neither allocates.
#pragma once
#include <cstdint>

#include "models/hypervisor/host_memory.h"

namespace mtesim::hyp {

constexpr uint64_t kPackedTagsPerPage = kTagsPerPage / 2;  // 128: MTE_PAGE_TAG_STORAGE

// `tags`: kTagsPerPage bytes, one tag per byte in bits [3:0]; `packed`: 128 bytes.
inline void PackPageTags(const uint8_t* tags, uint8_t* packed) {
  for (uint64_t i = 0; i < kPackedTagsPerPage; ++i)
    packed[i] = static_cast<uint8_t>((tags[2 * i] & 0xF) | (tags[2 * i + 1] & 0xF) << 4);
}

inline void UnpackPageTags(const uint8_t* packed, uint8_t* tags) {
  for (uint64_t i = 0; i < kPackedTagsPerPage; ++i) {
    tags[2 * i] = packed[i] & 0xF;
    tags[2 * i + 1] = packed[i] >> 4;
  }
}

}  // namespace mtesim::hyp
