#!/usr/bin/env bash
# Detection delay of posts in a Telegram chat read by an account, two ways, in one run:
#   live   — the account is in the chat (target join = true): TDLib pushes updateNewMessage
#   polled — a chat read by polling getChatHistory alone (one the account never joins), pinned at
#            every 3 s: 20 reads a minute on one chat, a whole default account budget (20/60s)
#            spent on it, about the best polling can do without risking the account
# The simulator (real time) plays Telegram; the TDLib stand-in plays the library. Posts are put
# into both chats at the same instants (random gaps); the delay is when gather appends a post to
# its JSONL file minus when the test posted it (sampled every 20 ms). Usage:
# bash bench/telegram_live.sh [POSTS] [POLL_INTERVAL] (build/gather and build/sim/tdjson/libtdjson.so
# must be built). KEEP=1 keeps the work directory (its path goes to stderr).
set -euo pipefail
cd "$(dirname "$0")/.."
posts=${1:-20}
poll=${2:-3s}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; [[ -n ${KEEP:-} ]] || rm -rf "$work"' EXIT

./build/gather simulate --port 0 --feeds 1 --rate 0 --seed 3 > "$work/sim.out" 2> "$work/sim.log" &
for _ in $(seq 100); do grep -q listening "$work/sim.out" 2>/dev/null && break; sleep 0.1; done
base=$(grep -o 'http://[0-9.:]*' "$work/sim.out" | head -1)
export GATHER_TDSIM_URL=$base
cat > "$work/gather.toml" <<TOML
data = "data"
[schedule]
min_interval = "1s"
max_interval = "10m"
[platform.telegram]
base_url = "$base"
[telegram]
tdjson = "$PWD/build/sim/tdjson/libtdjson.so"
api_id = 94575
api_hash = "a3406de8d171bb422bb6ddf3bbd800e2"
[[target]]
name = "live"
platform = "telegram"
url = "https://t.me/simgroup"
join = true
[[subscription]]
target = "live"
to = "jsonl:live.jsonl"
[[target]]
name = "polled"
platform = "telegram"
url = "https://t.me/quietchan"
interval = "$poll"
[[subscription]]
target = "polled"
to = "jsonl:polled.jsonl"
TOML
echo 12345 | ./build/gather --config "$work/gather.toml" cred add --platform telegram --phone +99910001 \
  --scope shared --limit 600/60s > /dev/null  # room for the pin; the pin sets the pace
./build/gather --config "$work/gather.toml" serve > "$work/gather.log" 2>&1 &

python3 - "$base" "$work" "$posts" <<'PY'
import json, os, random, sys, time, urllib.request
base, work, posts = sys.argv[1], sys.argv[2], int(sys.argv[3])
def post(chat, text):
    urllib.request.urlopen(urllib.request.Request(f"{base}/_sim/tg/post?chat={chat}&text={text}", method="POST")).read()
def lines(name):
    path = os.path.join(work, name)
    if not os.path.exists(path): return []
    with open(path) as f: return [json.loads(l)["post"]["text"] for l in f if l.strip()]
# Both chats read once (the baseline) before the first timed post.
deadline = time.time() + 60
while time.time() < deadline:
    status = os.popen(f"./build/gather --config {work}/gather.toml --json status").read()
    try:
        if all(t["posts_seen"] > 0 for t in json.loads(status)["targets"]): break
    except Exception: pass
    time.sleep(0.2)
random.seed(3)
sent, seen = {}, {}
for i in range(posts):
    text = f"bench{i}"
    sent[text] = time.time()
    post("simgroup", text); post("quietchan", text)
    gap = random.uniform(2, 8)
    end = time.time() + gap
    while time.time() < end:
        for name in ("live.jsonl", "polled.jsonl"):
            for t in lines(name):
                seen.setdefault((name, t), time.time())
        time.sleep(0.02)
end = time.time() + 120
while time.time() < end and sum(1 for k in seen if k[1] in sent) < 2 * posts:
    for name in ("live.jsonl", "polled.jsonl"):
        for t in lines(name):
            seen.setdefault((name, t), time.time())
    time.sleep(0.02)
def stats(name):
    d = sorted(seen[(name, t)] - sent[t] for t in sent if (name, t) in seen)
    return {"detected": len(d), "mean_s": round(sum(d) / len(d), 3) if d else None,
            "p50_s": round(d[len(d) // 2], 3) if d else None, "max_s": round(d[-1], 3) if d else None}
live, polled = stats("live.jsonl"), stats("polled.jsonl")
ratio = round(live["mean_s"] / polled["mean_s"], 4) if live["mean_s"] and polled["mean_s"] else None
print(work, file=sys.stderr)
print(json.dumps({"posts": posts, "live": live, "polled": polled, "live_over_polled_mean": ratio}))
PY
