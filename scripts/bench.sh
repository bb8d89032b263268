#!/usr/bin/env bash
# make bench: a PostgreSQL database "bench" with the national data set, then the benchmark.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
export DJANGO_SETTINGS_MODULE=congress_portal.settings.test
export DATABASE_URL=${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/bench}
psql "${DATABASE_URL%/*}/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname = '${DATABASE_URL##*/}'" | grep -q 1 \
  || psql "${DATABASE_URL%/*}/postgres" -c "CREATE DATABASE ${DATABASE_URL##*/}"
$PY manage.py migrate --noinput -v0
if ! $PY manage.py shell -c "from apps.organizations.models import Organization as O; import sys; sys.exit(0 if O.objects.filter(code='GCATW').exists() else 1)" 2>/dev/null; then
  $PY manage.py generate_dataset --provinces 63 --committees 30 --cells 6 --seed 1
fi
$PY manage.py benchmark "$@"
