#!/usr/bin/env bash
# CI check of the README's first command: `make run` on an empty VAR_DIR (fresh SQLite, demo data)
# serves the login page, and after `kill -TERM` of the make process every process it started
# (web, Celery worker and its pool, beat) is gone within 10 seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-8765}
LIMIT=10
VAR_DIR=$(mktemp -d)
LOG="$VAR_DIR/make-run.log"
export VAR_DIR

setsid make run PORT="$PORT" >"$LOG" 2>&1 &
MAKE_PID=$!

fail() {
  echo "check-run-stops: $1" >&2
  tail -40 "$LOG" >&2 || true
  pkill -KILL -s "$MAKE_PID" 2>/dev/null || true
  exit 1
}

for _ in $(seq 240); do
  curl -fsS -o /dev/null "http://127.0.0.1:$PORT/login/" 2>/dev/null && break
  kill -0 "$MAKE_PID" 2>/dev/null || fail "make run exited before serving"
  sleep 0.5
done
curl -fsS -o /dev/null "http://127.0.0.1:$PORT/login/" || fail "no answer on port $PORT"
grep -q "bithu.qb" "$LOG" || fail "the demo logins were not printed"
if grep -qiE "No hostname was supplied|Traceback" "$LOG"; then fail "noise at start-up"; fi

# Everything in make's session: make itself, the script, web, worker (and its pool) and beat.
mapfile -t started < <(pgrep -s "$MAKE_PID")
echo "check-run-stops: serving on $PORT with ${#started[@]} processes; sending TERM to make"
begin=$(date +%s%N)
kill -TERM "$MAKE_PID"
while :; do
  left=$(pgrep -s "$MAKE_PID" || true)
  [ -z "$left" ] && break
  elapsed_ms=$((($(date +%s%N) - begin) / 1000000))
  [ "$elapsed_ms" -gt $((LIMIT * 1000)) ] && fail "still running after ${LIMIT} s: $(echo $left)"
  sleep 0.1
done
echo "check-run-stops: all ${#started[@]} processes gone $((($(date +%s%N) - begin) / 1000000)) ms after TERM"
rm -rf "$VAR_DIR"
