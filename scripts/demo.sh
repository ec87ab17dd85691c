#!/usr/bin/env bash
# The main job, locally: installs what is needed, builds, starts the platform simulator on
# loopback and `gather serve` on a config that watches its feeds. New posts appear in the log
# and in demo-out/posts.jsonl as they are published. Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGATHER_TESTS=OFF -DGATHER_BENCH=OFF >/dev/null
# gather and the TDLib stand-in (sim/tdjson), which plays two logged-in Telegram accounts.
cmake --build build -j "$(nproc)" --target gather tdjson

out=demo-out
rm -rf "$out" && mkdir -p "$out"
feeds=${DEMO_FEEDS:-12}
rate=${DEMO_RATE:-120}  # mean posts per hour per feed

./build/gather simulate --port 0 --feeds "$feeds" --rate "$rate" --seed "$RANDOM" --hook-secret demo-secret \
  > "$out/simulator.out" 2> "$out/simulator.log" &
sim_pid=$!
trap 'kill $sim_pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q listening "$out/simulator.out" 2>/dev/null && break; sleep 0.1; done
base=$(grep -o 'http://[0-9.:]*' "$out/simulator.out" | head -1)
[[ -n $base ]] || { echo "demo: the simulator did not start; see $out/simulator.log" >&2; exit 1; }
# The stand-in finds the simulated Telegram there; the real TDLib would reach Telegram instead.
export GATHER_TDSIM_URL="$base"

{
  echo "# Written by scripts/demo.sh: every simulated feed, pushed to a JSONL file; three also to a"
  echo "# signed webhook (the simulator's receiver), and tech-tagged posts to a second file. The"
  echo "# first feeds are also watched as Telegram channels, Weibo users and Bilibili spaces (the"
  echo "# simulator plays t.me/s/chanN, m.weibo.cn for uid 100000+N and api.bilibili.com for mid 200000+N),"
  echo "# and the live rooms of the first six Bilibili users (on air 90 minutes in every 3 hours)."
  echo 'data = "data"'
  printf '\n[schedule]\nmin_interval = "10s"\n'
  printf 'anonymous = { rss = "120/60s", telegram = "30/60s", weibo = "30/60s", bilibili = "30/60s", bilibili-live = "10/60s" }\n'
  for platform in telegram weibo bilibili bilibili-live; do
    printf '\n[platform.%s]\nbase_url = "%s"\n' "$platform" "$base"
  done
  echo
  echo "# Telegram accounts run on TDLib; here on its stand-in, so the api_id is any number."
  printf '[telegram]\ntdjson = "%s"\napi_id = 94575\napi_hash = "a3406de8d171bb422bb6ddf3bbd800e2"\n' \
    "$PWD/build/sim/tdjson/libtdjson.so"
  echo "# What only accounts read: a channel without a web preview, a supergroup (joined: its posts"
  echo "# arrive live) and a private channel behind an invite link (joined once)."
  printf '\n[[target]]\nname = "tg-quiet"\nplatform = "telegram"\nurl = "https://t.me/quietchan"\n'
  printf '[[subscription]]\ntarget = "tg-quiet"\nto = "jsonl:posts.jsonl"\n'
  printf '\n[[target]]\nname = "tg-group"\nplatform = "telegram"\nurl = "https://t.me/simgroup"\njoin = true\n'
  printf '[[subscription]]\ntarget = "tg-group"\nto = "jsonl:posts.jsonl"\n'
  printf '\n[[target]]\nname = "tg-private"\nplatform = "telegram"\nurl = "https://t.me/+SimPrivate1"\njoin = true\n'
  printf '[[subscription]]\ntarget = "tg-private"\nto = "jsonl:posts.jsonl"\n'
  for ((i = 0; i < 3; i++)); do
    printf '\n[[target]]\nname = "tg-%d"\nplatform = "telegram"\nurl = "https://t.me/chan%d"\n' "$i" "$i"
    printf '[[subscription]]\ntarget = "tg-%d"\nto = "jsonl:posts.jsonl"\n' "$i"
    printf '\n[[target]]\nname = "wb-%d"\nplatform = "weibo"\nurl = "https://weibo.com/u/%d"\n' "$i" $((100000 + i))
    printf '[[subscription]]\ntarget = "wb-%d"\nto = "jsonl:posts.jsonl"\n' "$i"
    printf '\n[[target]]\nname = "bili-%d"\nplatform = "bilibili"\nurl = "https://space.bilibili.com/%d"\n' "$i" $((200000 + i))
    printf '[[subscription]]\ntarget = "bili-%d"\nto = "jsonl:posts.jsonl"\n' "$i"
  done
  for ((i = 0; i < 6 && i < feeds; i++)); do
    printf '\n[[target]]\nname = "live-%d"\nplatform = "bilibili-live"\nurl = "%d"\n' "$i" $((200000 + i))
    printf '[[subscription]]\ntarget = "live-%d"\nto = "jsonl:posts.jsonl"\n' "$i"
  done
  for ((i = 0; i < feeds; i++)); do
    ext=xml; ((i % 4 == 3)) && ext=json
    printf '\n[[target]]\nname = "sim-%d"\nurl = "%s/feeds/%d.%s"\n' "$i" "$base" "$i" "$ext"
    printf '[[subscription]]\ntarget = "sim-%d"\nto = "jsonl:posts.jsonl"\n' "$i"
    printf '[[subscription]]\ntarget = "sim-%d"\nto = "jsonl:tech.jsonl"\ntags = ["tech"]\n' "$i"
    if ((i < 3)); then
      printf '[[subscription]]\ntarget = "sim-%d"\nto = "webhook:%s/hook/demo"\nsecret = "demo-secret"\n' "$i" "$base"
    fi
  done
} > "$out/gather.toml"

# Two simulated accounts, logged in as an operator would (the stand-in's code is 12345).
echo 12345 > "$out/code.txt"
for phone in +99910001 +99910002; do
  ./build/gather --config "$out/gather.toml" cred add --platform telegram --phone "$phone" --scope shared \
    --code-file "$out/code.txt" >/dev/null
done

cat <<MSG
demo: simulator at $base with $feeds feeds (~$rate posts/hour each)
demo: gather pushes every new post to $out/posts.jsonl (tech-tagged ones also to $out/tech.jsonl)
demo: two simulated Telegram accounts read chats the web preview cannot (tg chats: ./build/gather --config $out/gather.toml tg chats)
demo: in another shell: ./build/gather --config $out/gather.toml status
demo: Ctrl-C stops both
MSG
./build/gather --config "$out/gather.toml" serve
