#!/usr/bin/env bash
# The same input live and as a backlog, by hand, in about 4 minutes: a broker, a live `pqp run`, the
# sample producer for 90 s, a 40 s pause, 30 s more, then a second `pqp run` with a fresh application id
# that reads everything from the beginning while traffic goes on for 30 s. Prints event_count per window
# and version of both runs side by side, and both runs' late-drop counters. Before the fix of the stage-1
# timestamps, the backlog run lost the partial of one source in the window before the pause (3 of 3 runs).
# Usage: scripts/backlog-vs-live.sh [workdir]   (env: PORT, LIVE_HTTP, BACK_HTTP, JAR)
set -u
cd "$(dirname "$0")/.."
JAR=${JAR:-$PWD/processor/target/pqp.jar}
W=${1:-/tmp/pqp-repro}
PORT=${PORT:-19092}
LIVE_HTTP=${LIVE_HTTP:-19464}
BACK_HTTP=${BACK_HTTP:-19465}
BS=127.0.0.1:$PORT
PQP="java -jar $JAR"
rm -rf "$W"; mkdir -p "$W"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done; sleep 3;
            for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null; done; }
trap cleanup EXIT
log() { echo "[$(date +%T)] $*"; }

log "broker on $BS, data $W/kafka"
$PQP broker --port "$PORT" --data-dir "$W/kafka" >"$W/broker.log" 2>&1 & PIDS+=($!)
for i in $(seq 60); do (exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null && break; sleep 1; done
sleep 3

log "live run (http $LIVE_HTTP)"
$PQP run -b "$BS" --window 10s --grace 5s --application-id pqp-live --http-port "$LIVE_HTTP" \
  --state-dir "$W/state-live" >"$W/live.log" 2>&1 & PIDS+=($!)
for i in $(seq 120); do curl -sf "localhost:$LIVE_HTTP/ready" >/dev/null && break; sleep 1; done
log "live run ready"

SEED=1
produce_for() { # seconds
  local until=$(( $(date +%s) + $1 ))
  while [ "$(date +%s)" -lt "$until" ]; do
    $PQP produce-sample -b "$BS" --count 500 --interval 10ms --seed "$SEED" >>"$W/produce.log" 2>&1
    SEED=$((SEED + 1))
  done
}
log "produce 90 s"; produce_for 90
PAUSE_AT=$(date +%s%3N); log "pause 40 s (epoch ms $PAUSE_AT)"; sleep 40
log "produce 30 s"; produce_for 30
log "backlog run (http $BACK_HTTP), producing 30 s more"
$PQP run -b "$BS" --window 10s --grace 5s --application-id pqp-backlog --http-port "$BACK_HTTP" \
  --state-dir "$W/state-backlog" --set topics.model-window=backlog.model-window \
  --set topics.feature-drift=backlog.feature-drift --set topics.performance=backlog.performance --set topics.profiles=backlog.profiles \
  >"$W/backlog.log" 2>&1 & PIDS+=($!)
produce_for 30
log "producer done (last seed $((SEED-1))); waiting 50 s for idle flush of the last windows"
sleep 50

for t in ml.quality.model-window backlog.model-window; do
  $PQP tail -b "$BS" --topic "$t" --from-beginning --timeout 10s >"$W/$t.jsonl" 2>"$W/tail-$t.err"
done
python3 - "$W" <<'PY'
import json, sys, collections
w = sys.argv[1]
def load(t):
    d = {}
    for line in open(f"{w}/{t}.jsonl"):
        try: r = json.loads(line)
        except Exception: continue
        v = r.get("value") or {}
        if "event_count" not in v: continue
        k = (v.get("window_start"), v.get("model_name"), v.get("model_version"))
        d[k] = d.get(k, 0) + v["event_count"]
    return d
live, back = load("ml.quality.model-window"), load("backlog.model-window")
keys = sorted(set(live) | set(back), key=lambda k: (str(k[0]), str(k[1]), str(k[2])))
diff = 0
print(f"{'window_start':>15} {'model/version':>24} {'live':>6} {'backlog':>7}")
for k in keys:
    a, b = live.get(k), back.get(k)
    mark = "" if a == b else "  <-- DIFF"
    if a != b: diff += 1
    print(f"{str(k[0]):>15} {str(k[1])+'/'+str(k[2]):>24} {str(a):>6} {str(b):>7}{mark}")
print(f"windows: live={len(live)} backlog={len(back)} differing={diff}")
PY
for p in "live $LIVE_HTTP" "backlog $BACK_HTTP"; do set -- $p
  echo "$1 late-partials: $(curl -s localhost:$2/metrics | grep -E '^pqp_late_(partials|events)_dropped_total' | tr '\n' ' ')"
done
log "pause started at epoch ms $PAUSE_AT; logs in $W"
