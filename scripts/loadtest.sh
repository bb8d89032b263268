#!/usr/bin/env bash
# Load test of the production setup on 127.0.0.1 only: gunicorn (prod settings, whitenoise) on the
# PostgreSQL "bench" database (make bench creates it), wrk with 16 connections for 30 s, as a
# provincial standing member browsing the dashboard, a congress page and the inbox, signed in
# through the login form (the generated password, checked by the production hasher) and the
# second step (apps/devtools/signin.py: enrolled through the enrolment page the first time).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
PORT=${PORT:-8090}
export DJANGO_SETTINGS_MODULE=congress_portal.settings.prod
export SECRET_KEY=${SECRET_KEY:-loadtest-$(head -c 24 /dev/urandom | base64 | tr -d '/+=')}
export DATABASE_URL=${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/bench}
export ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=false STATIC_ROOT=var/staticfiles
export CACHE_URL=${CACHE_URL:-redis://127.0.0.1:6379/3}  # as in docker-compose.yml: shared by the workers
command -v wrk >/dev/null || { echo "wrk is needed (apt-get install wrk)"; exit 1; }
$PY manage.py collectstatic --noinput -v0
CONGRESS=$($PY manage.py shell --no-imports -c "
from apps.congresses.models import Congress
print(Congress.objects.filter(organization__code='G00').first().pk)
")
.venv/bin/gunicorn congress_portal.wsgi:application --bind 127.0.0.1:$PORT --workers 4 --log-level warning &
GUNICORN=$!
trap 'kill $GUNICORN' EXIT
sleep 3
echo "== signing in as g00.btv through the login form and the second step"
SESSION=$($PY manage.py loadtest_login --url "http://127.0.0.1:$PORT" --username g00.btv)
cat > var/loadtest.lua <<LUA
local paths = {"/congresses/org/G00/?term=2025-2030", "/congresses/${CONGRESS}/", "/congresses/inbox/"}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1], {["Cookie"] = "sessionid=${SESSION}"})
end
LUA
echo "== mixed: dashboard, congress page, inbox"
wrk -t2 -c16 -d30s --latency -s var/loadtest.lua "http://127.0.0.1:$PORT"
echo "== province dashboard only"
wrk -t2 -c16 -d30s --latency -H "Cookie: sessionid=${SESSION}" "http://127.0.0.1:$PORT/congresses/org/G00/?term=2025-2030"
