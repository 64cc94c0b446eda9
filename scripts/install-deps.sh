#!/usr/bin/env bash
# Installs mtesim's build and test dependencies from Debian, idempotently.
#   scripts/install-deps.sh          build dependencies only
#   scripts/install-deps.sh --oracle also what the tests need: QEMU 10 from
#                                    bookworm-backports (the oracle) and third-party
#                                    guest binaries (U-Boot for QEMU virt)
# Runs apt-get only for what is missing, so a second run costs a few dpkg queries.
set -euo pipefail

want_oracle=0
[ "${1:-}" = "--oracle" ] && want_oracle=1

build_pkgs=(
  build-essential cmake ninja-build pkg-config
  libsystemc-dev libeigen3-dev libgtest-dev libgmock-dev pybind11-dev python3-dev
  libfdt-dev libelf-dev libcli11-dev nlohmann-json3-dev libfmt-dev libzstd-dev
  gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu device-tree-compiler
  python3-numpy python3-pytest
  # The Python package (python/mtesim): DataFrames, sweeps on Dask with a progress bar,
  # plots, and the notebooks executed by the tests.
  python3-pandas python3-distributed python3-tqdm python3-matplotlib
  python3-nbclient python3-nbformat python3-ipykernel
  # The fuzzers and the sanitizer build (docs/fuzzing.md): clang, and its libFuzzer,
  # ASan and UBSan runtimes.
  clang libclang-rt-14-dev
)

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

missing() {
  local p out=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || out+=("$p")
  done
  echo "${out[@]:-}"
}

apt_updated=0
apt_install() {
  local todo
  todo=$(missing "$@")
  [ -z "$todo" ] && return 0
  if [ $apt_updated = 0 ]; then as_root apt-get update -qq; apt_updated=1; fi
  # shellcheck disable=SC2086
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $todo
}

# Unmodified third-party firmware the tests boot (tests/guests/third_party_uboot.sh).
test_pkgs=(u-boot-qemu)

apt_install "${build_pkgs[@]}"
if [ $want_oracle = 1 ]; then apt_install "${test_pkgs[@]}"; fi

if [ $want_oracle = 1 ]; then
  # QEMU 10 lives in bookworm-backports. Add that suite on the mirror apt already uses
  # (read from the existing sources, so no host name is written here).
  if ! qemu-system-aarch64 --version 2>/dev/null | grep -qE 'version (1[0-9]|[89])\.'; then
    if ! grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
      mirror=$(grep -rhoE '^(URIs:|deb)[[:space:]]+[^[:space:]]+' /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null \
               | awk '{print $2}' | grep -v -- '-security' | grep -E '/debian/?$' | head -n1 || true)
      if [ -z "$mirror" ]; then
        echo "install-deps: cannot find a Debian mirror in apt's sources to add bookworm-backports" >&2
        exit 1
      fi
      echo "deb $mirror bookworm-backports main" | as_root tee /etc/apt/sources.list.d/mtesim-backports.list >/dev/null
      apt_updated=0
    fi
    if [ $apt_updated = 0 ]; then as_root apt-get update -qq; apt_updated=1; fi
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      -t bookworm-backports qemu-system-arm
  fi
fi
