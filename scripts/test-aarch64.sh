#!/usr/bin/env bash
# The encoder's kernel tests on aarch64 (the NEON path and the portable
# one), cross-compiled and run under qemu-user, so CI
# covers ARM without an ARM machine.
#
# No prebuilt Rust std for aarch64 can be downloaded here (rustup's servers
# are out of reach), so std is built from source with cargo's -Zbuild-std
# (RUSTC_BOOTSTRAP=1 on the stable toolchain), from Debian's rust-src of the
# very same rustc version (trixie-backports carries one per release). The
# linker is Debian's gcc-aarch64-linux-gnu, the runner qemu-aarch64.
#
# usage: scripts/test-aarch64.sh [--setup] [extra cargo test args]
# Without the cross tools (qemu-aarch64, aarch64-linux-gnu-gcc, the rust-src
# unpacked into .cache/rust-src-VERSION) it says so and exits 0 (skipped) at
# once; --setup installs what is missing first (apt packages, the rust-src
# .deb), and skips the same way if that fails. A failing test fails the
# script.
set -euo pipefail
cd "$(dirname "$0")/.."
target=aarch64-unknown-linux-gnu
version=$(rustc -V | awk '{print $2}')
src=$PWD/.cache/rust-src-$version

skip() {
  echo "test-aarch64: skipped: $*" >&2
  exit 0
}

setup=no
[ "${1:-}" = --setup ] && { setup=yes; shift; }

sudo=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then sudo="sudo -n"; fi

if ! command -v qemu-aarch64 >/dev/null || ! command -v aarch64-linux-gnu-gcc >/dev/null; then
  # Installing them takes minutes, more than CI's budget can spare: only
  # when asked.
  [ $setup = yes ] || skip "qemu-aarch64 or aarch64-linux-gnu-gcc missing (scripts/test-aarch64.sh --setup installs them)"
  command -v apt-get >/dev/null || skip "no apt-get to install qemu-user and gcc-aarch64-linux-gnu"
  { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq \
      qemu-user gcc-aarch64-linux-gnu libc6-dev-arm64-cross; } >/dev/null 2>&1 \
    || skip "could not install qemu-user and gcc-aarch64-linux-gnu"
fi

if [ ! -f "$src/library/Cargo.lock" ]; then
  [ $setup = yes ] || skip "no rust-src $version in $src (scripts/test-aarch64.sh --setup fetches it)"
  command -v apt-get >/dev/null || skip "no apt-get to fetch rust-src $version"
  # Debian's rust-src of this rustc version, from trixie-backports, through a
  # list of our own (removed again; debian.sources is never edited).
  list=/etc/apt/sources.list.d/slant-rust-src.list
  echo "deb http://deb.debian.org/debian trixie-backports main" | $sudo tee "$list" >/dev/null \
    || skip "cannot add an apt list for rust-src"
  tmp=$(mktemp -d)
  chmod 777 "$tmp"
  fetched=no
  if $sudo apt-get update -qq >/dev/null 2>&1; then
    deb_version=$(apt-cache madison rust-src | awk -v v="$version" '$3 ~ "^"v"\\+" {print $3; exit}')
    if [ -n "$deb_version" ] && (cd "$tmp" && apt-get download -qq "rust-src=$deb_version" >/dev/null 2>&1); then
      fetched=yes
    fi
  fi
  $sudo rm -f "$list"
  $sudo apt-get update -qq >/dev/null 2>&1 || true
  [ $fetched = yes ] || { rm -rf "$tmp"; skip "Debian has no rust-src $version (trixie-backports)"; }
  dpkg-deb -x "$tmp"/rust-src_*.deb "$tmp/x"
  mkdir -p "$src"
  rm -rf "$src/library"
  mv "$tmp/x/usr/src/rustc-$version/library" "$src/library"
  rm -rf "$tmp"
fi

export RUSTC_BOOTSTRAP=1
# Where -Zbuild-std reads std's sources (the rust-src component's place,
# which this toolchain lacks).
export __CARGO_TESTS_ONLY_SRC_ROOT=$src/library
export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=aarch64-linux-gnu-gcc
export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_RUNNER="qemu-aarch64 -L /usr/aarch64-linux-gnu"
# One pass: kernel_paths runs every family the CPU has (NEON and portable)
# against the references, so a second pass under SLANT_CPU=portable adds
# no coverage. (Two passes with fast_path too did not finish in 9 minutes on
# a 2-core machine at load 16, most of it compiling std and the
# dependencies for aarch64; CI's budget is shared with everything else.)
tests=(-p slant-encoder --lib --test kernel_paths)
echo "test-aarch64: rustc $version, std from $src, under $(qemu-aarch64 --version | head -1)"
cargo test -Zbuild-std --target "$target" "${tests[@]}" "$@"
