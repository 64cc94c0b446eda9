#!/usr/bin/env bash
# Set up (idempotently), build mtesim and the bundled guests, and run the demo guest.
#   scripts/demo.sh [GUEST]   GUEST defaults to the exception demo (build/guests/exceptions.elf)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j "$(nproc)" --target mtesim guests
guest=${1:-build/guests/exceptions.elf}
echo "+ build/mtesim run $guest" >&2
exec build/mtesim run "$guest"
