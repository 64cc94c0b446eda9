#!/usr/bin/env bash
# Set up (idempotently, including the QEMU 10 oracle), build everything with warnings as
# errors, and run the whole test suite: unit tests and guest conformance against QEMU.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --oracle
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DMTESIM_WERROR=ON >/dev/null
cmake --build build -j "$(nproc)"
ctest --test-dir build --output-on-failure -j "$(nproc)" --timeout 300
# Issue 13: the libFuzzer targets, built with clang under ASan and UBSan in their own
# directory, each replaying its corpus and making a short deterministic run (docs/fuzzing.md).
CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DMTESIM_SANITIZE=ON -DMTESIM_FUZZ=ON >/dev/null
cmake --build build-fuzz -j "$(nproc)" --target fuzzers
exec ctest --test-dir build-fuzz --output-on-failure -j "$(nproc)" --timeout 300 -L fuzz
