#!/usr/bin/env bash
# Start the embedded default: migrate SQLite, load demo data, then the web server, a Celery worker
# and Celery beat as three processes. Ctrl-C, SIGTERM (a process manager, a closing terminal, `make`
# being killed) or any one of them exiting stops all three within a few seconds: each is asked to
# stop (TERM); after a second a Celery process still finishing its warm shutdown is told to stop
# cold (QUIT: with acks_late an interrupted task is delivered again, nothing is lost); whatever
# still runs after STOP_GRACE seconds is killed with its children, so nothing outlives us.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
PORT=${PORT:-8000}
STOP_GRACE=${STOP_GRACE:-5}
VAR_DIR=${VAR_DIR:-var}
export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-congress_portal.settings.dev}
export DJANGO_RUNSERVER_HIDE_WARNING=true   # the banner below says what this server is for
mkdir -p "$VAR_DIR"

$PY manage.py migrate --noinput -v0
$PY manage.py load_demo
$PY manage.py install_schedule

pids=()
stopping=0

descendants() {  # every process below $1, deepest first
  local child
  for child in $(pgrep -P "$1" 2>/dev/null); do
    descendants "$child"
    echo "$child"
  done
}

stop() {
  [ "$stopping" = 1 ] && return
  stopping=1
  trap - INT TERM
  local all=() pid
  for pid in "${pids[@]}"; do all+=($(descendants "$pid") "$pid"); done
  kill -TERM "${pids[@]}" 2>/dev/null || true
  for tick in $(seq $((STOP_GRACE * 10))); do
    kill -0 "${all[@]}" 2>/dev/null || break
    [ "$tick" = 10 ] && kill -QUIT "${pids[@]:0:2}" 2>/dev/null
    sleep 0.1
  done
  kill -KILL "${all[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
  echo "Đã dừng máy chủ web, Celery worker và beat."
}
trap 'stop; exit 0' INT TERM
trap stop EXIT

# pids[0] and pids[1] are the Celery processes (the QUIT above relies on the order).
$PY -m celery -A congress_portal worker --loglevel=INFO --concurrency=2 \
    --without-gossip --without-mingle >>"$VAR_DIR/celery.log" 2>&1 &
pids+=($!)
$PY -m celery -A congress_portal beat --loglevel=INFO \
    --schedule="$VAR_DIR/celerybeat-schedule" >>"$VAR_DIR/celery.log" 2>&1 &
pids+=($!)

echo
echo "Cổng Đại hội Đảng: http://127.0.0.1:${PORT}/  (Celery worker và beat ghi nhật ký vào $VAR_DIR/celery.log)"
echo "Đăng nhập bằng một tài khoản mẫu ở trên. Ctrl-C để dừng."
if [ "${TWO_FACTOR_REQUIRED:-0}" = 1 ]; then
  echo "Xác thực hai lớp: BẮT BUỘC (như bản chính thức) với bí thư, phó bí thư, ủy viên BTV, văn phòng, admin;"
  echo "  lần đăng nhập đầu, quét mã QR ở /account/2fa/setup/ bằng ứng dụng xác thực (hoặc: oathtool --totp -b KHÓA)."
else
  echo "Xác thực hai lớp: bản demo chỉ cần mật khẩu (TWO_FACTOR_REQUIRED=1 make run để bắt buộc như bản chính thức)."
fi
echo
$PY manage.py runserver "127.0.0.1:${PORT}" --noreload &
pids+=($!)

# `wait -n` returns when any one of them exits, or at once when a trapped signal arrives.
wait -n "${pids[@]}" || true
