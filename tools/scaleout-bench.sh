#!/usr/bin/env bash
# Scale-out load test: tools/LoadTest against one replica directly, then against a gateway whose samples are drawn on
# three replicas (four server processes on loopback, the bundled arith-lm, no reward model), at 1, 4 and 16 clients.
# Prints one table row per run, with the gateway's CPU time per 1,000 samples and samples/s per replica, then the
# gateway's peak resident memory; writes the LoadTest reports to $OUT. GATEWAY=remote (default) loads no model on the
# gateway (Models:Remote); GATEWAY=loaded loads it and draws nothing locally (ScaleOut:LocalSamples=false). Needs Release builds: dotnet build -c Release src/Server && dotnet build -c Release tools/LoadTest
set -euo pipefail
cd "$(dirname "$0")/.."
SERVER=src/Server/bin/Release/net10.0/Inference.Server.dll
LOADTEST=tools/LoadTest/bin/Release/net10.0/Inference.LoadTest.dll
OUT=${OUT:-docs/results}
DURATION=${DURATION:-15}
BASE_PORT=${BASE_PORT:-27400}
MIX=docs/results/loadtest_mix_scaleout.jsonl
# Extra flags for the replicas, e.g. "--Models:IntraOpThreads=1 --Models:AllowSpinning=false" when they share cores.
read -r -a REPLICA_ARGS <<< "${REPLICA_ARGS:-}"
TAG=${TAG:-}
case "${GATEWAY:-remote}" in
  remote) GATEWAY_ARGS=(--Models:Remote:0=arith-lm) ;;
  loaded) GATEWAY_ARGS=(--ScaleOut:LocalSamples=false) ;;
  *) echo "GATEWAY must be remote or loaded" >&2; exit 2 ;;
esac
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT

start() { # port, extra args
  local port=$1; shift
  dotnet "$SERVER" --host 127.0.0.1 --port "$port" --reward-model none --Logging:LogLevel:Default=Warning "$@" > "/tmp/scaleout-bench-$port.log" 2>&1 &
  pids+=($!)
}
ready() { until curl -sf "http://127.0.0.1:$1/health/ready" > /dev/null; do sleep 0.5; done; }
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

start $((BASE_PORT + 1)) "${REPLICA_ARGS[@]}"
start $((BASE_PORT + 2)) "${REPLICA_ARGS[@]}"
start $((BASE_PORT + 3)) "${REPLICA_ARGS[@]}"
start "$BASE_PORT" --Backends:replicas:Kind=inference "${GATEWAY_ARGS[@]}" \
  --Backends:replicas:Endpoints:0=http://127.0.0.1:$((BASE_PORT + 1)) \
  --Backends:replicas:Endpoints:1=http://127.0.0.1:$((BASE_PORT + 2)) \
  --Backends:replicas:Endpoints:2=http://127.0.0.1:$((BASE_PORT + 3))
gw=${pids[3]}
for p in 0 1 2 3; do ready $((BASE_PORT + p)); done

echo "| target | clients | requests/s | majority@48 p50 / p90 (ms) | chat p50 / p90 (ms) | samples/s per replica | gateway CPU s per 1k samples |"
echo "|---|---|---|---|---|---|---|"
for target in direct gateway; do
  port=$([ "$target" = direct ] && echo $((BASE_PORT + 1)) || echo "$BASE_PORT")
  for c in 1 4 16; do
    report="$OUT/loadtest_scaleout${TAG}_${target}_c$c.json"
    before=$(ticks "$gw")
    dotnet "$LOADTEST" --url "http://127.0.0.1:$port" --model arith-lm --concurrency "$c" --duration "$DURATION" --mix "$MIX" \
      --no-progress --out "$report" > /dev/null
    after=$(ticks "$gw")
    python3 - "$report" "$target" "$c" "$before" "$after" "$(getconf CLK_TCK)" <<'PY'
import json, sys
report, target, clients, before, after, hz = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]), float(sys.argv[5]), float(sys.argv[6])
r = json.load(open(report))
t = {x["name"]: x for x in r["templates"]}
samples = t["majority48"]["succeeded"] * 48 + t["chat"]["succeeded"]
replicas = 1 if target == "direct" else 3
cpu = (after - before) / hz / samples * 1000 if target == "gateway" and samples else None
lat = lambda n: f'{t[n]["latency_ms"]["p50"]:.0f} / {t[n]["latency_ms"]["p90"]:.0f}'
print(f'| {target} | {clients} | {r["requests_per_second"]:.1f} | {lat("majority48")} | {lat("chat")} | '
      f'{samples / r["elapsed_seconds"] / replicas:.0f} | {"" if cpu is None else f"{cpu:.2f}"} |')
PY
  done
done
echo
echo "gateway (${GATEWAY:-remote}) peak resident memory: $(awk '/VmHWM/ {printf "%.0f MB", $2 / 1024}' "/proc/$gw/status")"
