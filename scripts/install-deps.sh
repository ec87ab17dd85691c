#!/usr/bin/env bash
# Installs every Debian package gather needs to build, run and test. Idempotent: when all are
# present it only checks (dpkg-query), so it is quick on a warm machine.
set -euo pipefail

build_pkgs=(
  build-essential g++ cmake pkg-config ninja-build
  libboost1.81-dev libboost-url1.81-dev libboost-json1.81-dev
  libcurl4-openssl-dev libsqlite3-dev libpugixml-dev libgumbo-dev libssl-dev
  libhowardhinnant-date-dev libtomlplusplus-dev libcli11-dev libspdlog-dev libfmt-dev
  libkainjow-mustache-dev libmagic-dev librabbitmq-dev ccache
)
test_pkgs=( libgtest-dev libgmock-dev googletest libbenchmark-dev python3 sqlite3 rabbitmq-server )

want=("${build_pkgs[@]}")
[[ "${1:-}" == "--test" ]] && want+=("${test_pkgs[@]}")

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}"
  sudo_cmd=""; [[ $(id -u) -ne 0 ]] && sudo_cmd="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo_cmd apt-get update -qq
  $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
echo "install-deps: all ${#want[@]} packages present"

# TDLib (Telegram's client library) comes prebuilt from npm, pinned, into deps/tdlib/ (ignored by
# git): gather dlopens deps/tdlib/node_modules/@prebuilt-tdlib/linux-x64-glibc/libtdjson.so.
# @prebuilt-tdlib/types is the generated schema of every TDLib object, the reference for fields.
tdlib_version=0.1008067.0
tdlib_types_version=0.1008065.0
here="$(cd "$(dirname "$0")/.." && pwd)"
tdlib_dir="$here/deps/tdlib"
tdjson="$tdlib_dir/node_modules/@prebuilt-tdlib/linux-x64-glibc/libtdjson.so"
if [[ ! -f "$tdjson" ]] || ! grep -q "\"version\": \"$tdlib_version\"" \
    "$tdlib_dir/node_modules/@prebuilt-tdlib/linux-x64-glibc/package.json" 2>/dev/null; then
  if ! command -v npm >/dev/null; then
    sudo_cmd=""; [[ $(id -u) -ne 0 ]] && sudo_cmd="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $sudo_cmd apt-get update -qq
    $sudo_cmd apt-get install -y -qq --no-install-recommends npm >/dev/null
  fi
  echo "install-deps: installing TDLib $tdlib_version from npm into deps/tdlib"
  mkdir -p "$tdlib_dir"
  npm install --prefix "$tdlib_dir" --no-save --no-audit --no-fund --loglevel=error \
    "@prebuilt-tdlib/linux-x64-glibc@$tdlib_version" "@prebuilt-tdlib/types@$tdlib_types_version" >/dev/null
fi
echo "install-deps: TDLib at deps/tdlib"
