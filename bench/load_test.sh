#!/usr/bin/env bash
# Load test: gunicorn (2 workers) on 127.0.0.1 against the database in DATABASE_URL (PostgreSQL,
# with bench/generate_data.py's data), `wrk` with USERS concurrent connections for DURATION per
# path, logged in as BENCH_USER through the real login form. Prints req/s, p50/p95/p99 and errors.
#
#   apt-get install wrk
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/insp_bench bench/load_test.sh / /other/page/
#
# Paths default to PATHS below; add pages as they land. Each must answer 200 to the logged-in
# user (checked first, so a redirect to the login page is never measured as a success).
set -euo pipefail
cd "$(dirname "$0")/.."

PATHS=("$@")
if [ ${#PATHS[@]} -eq 0 ]; then
  PATHS=(/)
fi
USERS=${USERS:-20}
DURATION=${DURATION:-60s}
PORT=${PORT:-8765}
BENCH_USER=${BENCH_USER:-quantri}
BENCH_PASSWORD=${BENCH_PASSWORD:-demo-2023}
PY=.venv/bin/python
BASE="http://127.0.0.1:${PORT}"
: "${DATABASE_URL:?set DATABASE_URL (PostgreSQL with the generated data)}"

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
work=$(mktemp -d)
trap 'kill "$(cat "$work/pid" 2>/dev/null)" 2>/dev/null || true; rm -rf "$work"' EXIT

# Production-like: DEBUG off, collected static files, persistent connections.
export DEBUG=false ALLOWED_HOSTS=127.0.0.1 SECRET_KEY="${SECRET_KEY:-bench-$(head -c 32 /dev/urandom | base64 | tr -d '/+=')}"
$PY manage.py collectstatic --noinput -v0  # into ./staticfiles (git-ignored)
.venv/bin/gunicorn config.wsgi --workers 2 --bind "127.0.0.1:${PORT}" --pid "$work/pid" \
  --access-logfile /dev/null --error-logfile "$work/gunicorn.log" --daemon
for _ in $(seq 1 50); do curl -fs -o /dev/null "$BASE/accounts/login/" && break; sleep 0.2; done

# Log in through the form (CSRF cookie + token), keep the session cookie.
jar="$work/cookies"
token=$(curl -fs -c "$jar" "$BASE/accounts/login/" | grep -o 'name="csrfmiddlewaretoken" value="[^"]*"' | sed 's/.*value="//;s/"$//')
code=$(curl -s -o /dev/null -w '%{http_code}' -b "$jar" -c "$jar" -e "$BASE/accounts/login/" \
  --data-urlencode "csrfmiddlewaretoken=$token" --data-urlencode "username=$BENCH_USER" \
  --data-urlencode "password=$BENCH_PASSWORD" "$BASE/accounts/login/")
[ "$code" = 302 ] || { echo "login as $BENCH_USER failed (HTTP $code)" >&2; exit 1; }
session=$(awk '$6 == "sessionid" {print $7}' "$jar")

echo "gunicorn 2 workers, ${USERS} connections, ${DURATION} per path, database: ${DATABASE_URL%%:*}, user: ${BENCH_USER}"
for path in "${PATHS[@]}"; do
  status=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: sessionid=$session" "$BASE$path")
  [ "$status" = 200 ] || { echo "$path answers $status to $BENCH_USER, not 200" >&2; exit 1; }
  result=$(wrk -t2 -c"$USERS" -d"$DURATION" --timeout 10s -s bench/wrk_report.lua \
    -H "Cookie: sessionid=$session" "$BASE$path" | grep '^RESULT')
  echo "$path ${result#RESULT }"
done
