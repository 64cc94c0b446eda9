// MTESIM_UNDER_ASAN: defined when this translation unit is built with AddressSanitizer
// (clang says so with __has_feature, gcc with __SANITIZE_ADDRESS__).
#pragma once

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define MTESIM_UNDER_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) && !defined(MTESIM_UNDER_ASAN)
#define MTESIM_UNDER_ASAN 1
#endif
