#!/usr/bin/env bash
# Set up (idempotently, including the QEMU 10 oracle), build everything with warnings as
# errors, and run the whole test suite: unit tests and guest conformance against QEMU.
#
#   scripts/test.sh             the suite (Release build in build/), then the fuzzers' short runs
#   scripts/test.sh --sanitize  the whole suite built with clang under ASan and UBSan
#                               (float-cast-overflow included) in build-sanitize/ (docs/sanitizers.md)
set -euo pipefail
cd "$(dirname "$0")/.."
case "${1:-}" in
  "") sanitize=0 ;;
  --sanitize) sanitize=1 ;;
  *) echo "scripts/test.sh: unknown argument '$1' (expected nothing or --sanitize)" >&2; exit 2 ;;
esac
scripts/install-deps.sh --oracle
if [ "$sanitize" = 1 ]; then
  CC=clang CXX=clang++ cmake -S . -B build-sanitize -G Ninja -DCMAKE_BUILD_TYPE=Release -DMTESIM_SANITIZE=ON >/dev/null
  cmake --build build-sanitize -j "$(nproc)"
  exec ctest --test-dir build-sanitize --output-on-failure -j "$(nproc)" --timeout 600
fi
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DMTESIM_WERROR=ON >/dev/null
cmake --build build -j "$(nproc)"
ctest --test-dir build --output-on-failure -j "$(nproc)" --timeout 300
# Issue 13: the libFuzzer targets, built with clang under ASan and UBSan in their own
# directory, each replaying its corpus and making a short deterministic run (docs/fuzzing.md).
CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DMTESIM_SANITIZE=ON -DMTESIM_FUZZ=ON >/dev/null
cmake --build build-fuzz -j "$(nproc)" --target fuzzers
exec ctest --test-dir build-fuzz --output-on-failure -j "$(nproc)" --timeout 300 -L fuzz
