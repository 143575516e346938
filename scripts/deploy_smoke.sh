#!/usr/bin/env bash
# End-to-end check of prefect.yaml against a real Prefect server (not run in CI: it starts a
# server and a worker and takes ~1 min). From the repo root, in the project's venv:
#
#     bash scripts/deploy_smoke.sh [PORT]
#
# Starts `prefect server start` with a throwaway PREFECT_HOME, creates the `baokan` process work
# pool, runs `prefect deploy --all`, starts a worker, triggers `baokan-build/scheduled` once and
# waits for it to complete; then shows the schedule's next runs. The run builds raw/ into output/
# exactly as a scheduled run would (page cache: the machine's default one).
set -euo pipefail
PORT="${1:-4299}"
BIN="$(dirname "$(command -v python)")"
WORK="$(mktemp -d)"
export PREFECT_HOME="$WORK/prefect" PREFECT_SERVER_ANALYTICS_ENABLED=false
export PREFECT_API_URL="http://127.0.0.1:$PORT/api"
# Server and worker run in sessions of their own, so each stops with every process it started
# (uvicorn, flow-run subprocesses); a group that has not stopped after 15 s is killed.
stop_group() {
  [ -n "${1:-}" ] || return 0
  kill -TERM -- "-$1" 2>/dev/null || return 0
  for _ in $(seq 30); do kill -0 -- "-$1" 2>/dev/null || return 0; sleep 0.5; done
  kill -KILL -- "-$1" 2>/dev/null || true
}
cleanup() { stop_group "${WORKER:-}"; stop_group "${SERVER:-}"; rm -rf "$WORK"; }
trap cleanup EXIT

setsid "$BIN/prefect" server start --host 127.0.0.1 --port "$PORT" >"$WORK/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 90); do curl -sf "$PREFECT_API_URL/health" >/dev/null && break; sleep 1; done
curl -sf "$PREFECT_API_URL/health" >/dev/null || { echo "server did not start"; tail "$WORK/server.log"; exit 1; }
"$BIN/prefect" work-pool create baokan --type process >/dev/null
"$BIN/prefect" --no-prompt deploy --all >/dev/null
setsid "$BIN/prefect" worker start --pool baokan --limit 1 >"$WORK/worker.log" 2>&1 &
WORKER=$!
RUN_ID="$("$BIN/prefect" deployment run baokan-build/scheduled | grep -oE '[0-9a-f]{8}-[0-9a-f-]{27}' | head -1)"
echo "triggered flow run $RUN_ID"
STATE=""
for _ in $(seq 150); do
  STATE="$("$BIN/python" - "$RUN_ID" <<'PY'
import asyncio, sys
from prefect.client.orchestration import get_client
async def main():
    async with get_client() as c:
        run = await c.read_flow_run(sys.argv[1])
        print(run.state.type.value if run.state else "NONE")
asyncio.run(main())
PY
)"
  case "$STATE" in COMPLETED|FAILED|CRASHED|CANCELLED) break ;; esac
  sleep 2
done
echo "flow run state: $STATE"
grep -E "found|batch|Finished in state" "$WORK/worker.log" | tail -5 || true
"$BIN/prefect" deployment inspect baokan-build/scheduled | grep -E "'cron'|'timezone'|concurrency_limit': [0-9]" || true
[ "$STATE" = COMPLETED ]
