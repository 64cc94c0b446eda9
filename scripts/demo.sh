#!/usr/bin/env bash
# Set up (idempotently), build mtesim and the bundled guests, and run the demo guest.
#   scripts/demo.sh                      the MTE heap demo: a tagging allocator catching an
#                                        overflow and a use-after-free in each check mode
#                                        (build/guests/mte_heap.elf with --mte 3)
#   scripts/demo.sh GUEST [ARGS...]      another guest, with extra `mtesim run` arguments
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j "$(nproc)" --target mtesim guests
if [ $# -eq 0 ]; then set -- build/guests/mte_heap.elf --mte 3; fi
echo "+ build/mtesim run $*" >&2
exec build/mtesim run "$@"
