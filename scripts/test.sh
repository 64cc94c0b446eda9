#!/usr/bin/env bash
# Set up (idempotently, including the QEMU 10 oracle), build everything with warnings as
# errors, and run the whole test suite: unit tests and guest conformance against QEMU.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --oracle
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DMTESIM_WERROR=ON >/dev/null
cmake --build build -j "$(nproc)"
cd build
exec ctest --output-on-failure -j "$(nproc)" --timeout 300
