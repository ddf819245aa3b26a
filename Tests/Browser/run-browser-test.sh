#!/usr/bin/env bash
# The dashboard in a real headless browser (Debian's chromium), against a real coordinator with a sweep in
# progress: the home page's DOM after its script has run names the sweep and shows its counts, the sweep's page
# holds the heatmap's SVG, and a screenshot of each goes to .ci/artifacts/. Then Python's standard library reads
# the export URL with the bearer token and counts the rows.
# INFOSWEEP_BIN names the infosweep binary. chromium is installed with apt when missing (as root);
# BROWSER_TEST_REQUIRED=1 turns a chromium that cannot be had into a failure instead of a skip.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
binary="${INFOSWEEP_BIN:-$root/.build/debug/infosweep}"
browser="$(command -v chromium || command -v chromium-browser || true)"
if [ -z "$browser" ] && [ "$(id -u)" -eq 0 ] && command -v apt-get > /dev/null; then
    echo "installing chromium with apt"
    export DEBIAN_FRONTEND=noninteractive
    { apt-get update -qq && apt-get install -y -qq chromium; } > /dev/null 2>&1 || true
    browser="$(command -v chromium || true)"
fi
if [ -z "$browser" ]; then
    if [ "${BROWSER_TEST_REQUIRED:-0}" = 1 ]; then echo "FAIL: no chromium (apt install chromium)"; exit 1; fi
    echo "SKIP: no chromium"; exit 0
fi
artifacts="$root/.ci/artifacts"
mkdir -p "$artifacts"
work="$(mktemp -d)"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; for log in "$work"/*.log; do echo "== $log"; tail -20 "$log"; done; exit 1; }

"$binary" coordinator --db "$work/web.sqlite" --listen 127.0.0.1:0 --port-file "$work/port" \
    --http-listen 127.0.0.1:0 --http-port-file "$work/http-port" > "$work/coordinator.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do [ -s "$work/port" ] && [ -s "$work/http-port" ] && break; sleep 0.1; done
[ -s "$work/http-port" ] || fail "the coordinator did not start"
port="$(cat "$work/port")"
web="http://127.0.0.1:$(cat "$work/http-port")"
token="$(cat "$work/web.sqlite.token")"

cat > "$work/browser.yaml" <<YAML
name: browser-check
experiment: noop
params: {duration_ms: 300}
grid: {a: [1, 2, 3, 4, 5]}
seeds: 8
phase: {x: a, metric: value}
YAML
"$binary" submit "$work/browser.yaml" --coordinator "127.0.0.1:$port" > /dev/null
"$binary" worker --coordinator "127.0.0.1:$port" --cores 1 > "$work/worker.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do
    done_count="$(curl -s -H "Authorization: Bearer $token" "$web/api/v1/sweeps" | python3 -c \
        'import json,sys; print(json.load(sys.stdin)["sweeps"][0]["done"])' 2>/dev/null || echo 0)"
    [ "$done_count" -ge 5 ] && break
    sleep 0.2
done
[ "$done_count" -ge 5 ] || fail "the sweep did not get going"

view() {  # view PATH NAME: the DOM after the page's script ran, and a screenshot
    local target="$web/login?token=$token&next=$1"
    "$browser" --headless --no-sandbox --disable-gpu --virtual-time-budget=8000 --dump-dom "$target" \
        > "$work/$2.html" 2> "$work/$2-browser.log" || fail "chromium could not load $1"
    "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1280,900 \
        --virtual-time-budget=8000 --screenshot="$artifacts/$2.png" "$target" > /dev/null 2>&1 \
        || fail "chromium could not take a screenshot of $1"
}

view / home
grep -q 'data-live="updated"' "$work/home.html" || fail "the home page's script did not run"
grep -q '<tr data-sweep="browser-check">' "$work/home.html" || fail "the home page does not name the sweep"
grep -Eq 'data-field="done">[0-9]+/40<' "$work/home.html" || fail "the home page shows no done count"
view /sweeps/browser-check sweep
python3 - "$work/sweep.html" <<'PY' || fail "the sweep page has no heatmap"
import sys
page = open(sys.argv[1]).read()
start = page.index('<div id="phase"')
assert "<svg" in page[start:start + 2000], "no svg in #phase"
PY
[ -s "$artifacts/home.png" ] && [ -s "$artifacts/sweep.png" ] || fail "no screenshots"

rows="$(python3 - "$web" "$token" <<'PY'
import sys, urllib.request
web, token = sys.argv[1], sys.argv[2]
request = urllib.request.Request(web + "/api/v1/sweeps/browser-check/export?format=csv",
                                 headers={"Authorization": "Bearer " + token})
with urllib.request.urlopen(request) as response:
    print(len(response.read().decode().splitlines()) - 1)
PY
)"
[ "$rows" = 40 ] || fail "the export URL gave $rows rows, not 40"
echo "PASS: dashboard in chromium (home and sweep pages, screenshots in .ci/artifacts), export rows $rows"
