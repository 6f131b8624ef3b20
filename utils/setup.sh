#!/usr/bin/env bash
# Installs the Debian 12 packages dsocr-opt needs to build, test, package
# and fuzz, PyTorch for dsocr-trace (they serve /usr/bin/python3) and
# Chromium for the HTML report's browser tests.
# Installs only what is missing; runs apt-get update before installing.
set -euo pipefail

packages=(
  cmake make g++ python3
  llvm-14-dev llvm-14-tools          # LLVM Support, FileCheck, not, count, lit
  libboost-json1.81-dev              # Boost.JSON
  libgtest-dev libgmock-dev          # GoogleTest
  libbenchmark-dev                   # Google Benchmark
  clang-14 libclang-rt-14-dev        # libFuzzer and sanitizer builds
  graphviz                           # dot -Tsvg for the rendered picture
  chromium                           # headless, for the HTML report's tests
  python3-torch python3-torchvision  # dsocr-trace and the model tests
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "setup: installing ${missing[*]}" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
