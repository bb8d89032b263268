#!/usr/bin/env bash
# The dashboards-after-change area measured from outside: gunicorn as in production (prod
# settings, 4 workers, persistent database connections, whitenoise) on the bench database and a
# shared Redis cache, and `manage.py benchmark --only dashboards_after_change --served` reading
# one alone and four at once through it, each request in a worker process of its own, not in
# threads of the benchmark's one interpreter. Both share SECRET_KEY (the sessions the benchmark
# signs in are the server's).
#   CACHE_URL=redis://127.0.0.1:6379/10 PORT=8121 scripts/bench_served.sh [benchmark options]
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
PORT=${PORT:-8090}
: "${CACHE_URL:?a Redis cache the server and the benchmark share (CACHE_URL=redis://…)}"
export CACHE_URL SECRET_KEY=${SECRET_KEY:-bench-$(head -c 24 /dev/urandom | base64 | tr -d '/+=')}
export DATABASE_URL=${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/bench}
PROD=(env DJANGO_SETTINGS_MODULE=congress_portal.settings.prod ALLOWED_HOSTS=127.0.0.1
  SECURE_SSL_REDIRECT=false STATIC_ROOT=var/staticfiles)
"${PROD[@]}" $PY manage.py collectstatic --noinput -v0
"${PROD[@]}" .venv/bin/gunicorn congress_portal.wsgi:application --bind "127.0.0.1:$PORT" --workers 4 --log-level warning &
GUNICORN=$!
trap 'kill $GUNICORN' EXIT
sleep 3
PY=$PY bash scripts/bench.sh --only dashboards_after_change --served "http://127.0.0.1:$PORT" "$@"
