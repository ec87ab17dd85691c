#!/usr/bin/env bash
# Feeds fetched per second by `gather fetch --all` against the local simulator, beside a peer
# baseline measured in the same run: curl downloading the same URLs at the same concurrency
# (transfer only: no parsing, no store). Shared machines are noisy, so compare the ratio.
#   usage: bench/fetch_throughput.sh [FEEDS] [CONCURRENCY]
set -euo pipefail
cd "$(dirname "$0")/.."
feeds=${1:-2000}
conc=${2:-32}
[[ -x build/gather ]] || { cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null; cmake --build build --target gather; }

dir=$(mktemp -d)
trap 'kill $sim 2>/dev/null || true; rm -rf "$dir"' EXIT
./build/gather simulate --port 0 --feeds "$feeds" --rate 30 --virtual-time --seed 1 > "$dir/sim.out" 2>/dev/null &
sim=$!
for _ in $(seq 100); do grep -q listening "$dir/sim.out" 2>/dev/null && break; sleep 0.1; done
base=$(grep -o 'http://[0-9.:]*' "$dir/sim.out")
curl -s -X POST "$base/_sim/advance?s=86400" >/dev/null   # a day of posts: full 20-item pages

{
  echo "data = \"$dir/data\""
  echo "concurrency = $conc"
  for ((i = 0; i < feeds; i++)); do
    ext=xml; ((i % 4 == 3)) && ext=json
    printf '[[target]]\nname = "f%d"\nurl = "%s/feeds/%d.%s"\n' "$i" "$base" "$i" "$ext"
  done
} > "$dir/gather.toml"
for ((i = 0; i < feeds; i++)); do ext=xml; ((i % 4 == 3)) && ext=json; echo "$base/feeds/$i.$ext"; done > "$dir/urls"
./build/gather --config "$dir/gather.toml" status >/dev/null   # creates the store and the targets

now() { date +%s.%N; }
t0=$(now); xargs -P "$conc" -n 50 sh -c 'curl -s "$@" > /dev/null' _ < "$dir/urls"; t1=$(now)
./build/gather --config "$dir/gather.toml" fetch --all 2>/dev/null; t2=$(now)
./build/gather --config "$dir/gather.toml" fetch --all 2>/dev/null; t3=$(now)
bytes=$(curl -s "$base/feeds/0.xml" | wc -c)

python3 - "$feeds" "$t0" "$t1" "$t2" "$t3" "$bytes" <<'PY'
import sys
n, t0, t1, t2, t3, b = int(sys.argv[1]), *map(float, sys.argv[2:6]), int(sys.argv[6])
curl, full, cond = n / (t1 - t0), n / (t2 - t1), n / (t3 - t2)
print(f"feeds: {n}, page ~{b} bytes")
print(f"curl (transfer only)            {curl:8.0f} feeds/s")
print(f"gather fetch --all (200, parse)  {full:8.0f} feeds/s  = {full / curl:.2f}x curl")
print(f"gather fetch --all (304s)        {cond:8.0f} feeds/s  = {cond / curl:.2f}x curl")
PY
