#!/usr/bin/env bash
# Start the embedded default: migrate SQLite, load demo data, then web + Celery worker with beat.
# Ctrl-C (or the web server exiting) stops the worker too.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
PORT=${PORT:-8000}
export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-congress_portal.settings.dev}

$PY manage.py migrate --noinput -v0
$PY manage.py load_demo
$PY manage.py install_schedule

$PY -m celery -A congress_portal worker --beat --loglevel=INFO --concurrency=2 \
    --schedule=var/celerybeat-schedule >var/celery.log 2>&1 &
WORKER=$!
trap 'kill $WORKER 2>/dev/null; wait $WORKER 2>/dev/null; exit 0' INT TERM EXIT

echo
echo "Cổng Đại hội Đảng: http://127.0.0.1:${PORT}/  (Celery worker + beat: log in var/celery.log)"
echo "Đăng nhập bằng một tài khoản mẫu ở trên. Ctrl-C để dừng."
echo
$PY manage.py runserver "127.0.0.1:${PORT}" --noreload
