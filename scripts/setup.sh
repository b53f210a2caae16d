#!/usr/bin/env bash
# Installs everything the demo and the tests need on a fresh machine: system tools
# from Debian, the npm packages, then builds the package. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
for tool in gcc g++ objcopy readelf addr2line xz lldb-19 dwz /usr/bin/time; do command -v "$tool" >/dev/null 2>&1 || need+=("$tool"); done
if [ ${#need[@]} -gt 0 ] && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends gcc g++ binutils xz-utils lldb-19 time dwz >/dev/null
fi

# --ignore-scripts: the `minidump` devDependency (Breakpad's prebuilt tools, our
# reference) has a preinstall script that needs yarn and a git checkout; its
# binaries ship inside the package, so nothing here needs an install script.
# `npm install` from the lock file rather than `npm ci`: the registry this project is
# built against serves only some of rollup's per-platform optional packages, so the
# lock lacks the others and `npm ci`'s strict lock check refuses it. With the lock
# present, `npm install` installs the locked versions and leaves the lock unchanged.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm install --ignore-scripts --no-audit --no-fund
fi
chmod +x node_modules/minidump/bin/linux-x64/* 2>/dev/null || true
npm run build:native --silent || echo "native addon build failed; continuing without it" >&2
npm run build --silent
