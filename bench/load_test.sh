#!/usr/bin/env bash
# Load test: gunicorn (the README's production workers) on 127.0.0.1 against DATABASE_URL (PostgreSQL,
# with bench/generate_data.py's data), `wrk` with USERS concurrent connections for DURATION per
# path, logged in as BENCH_USER through the real login form. Prints req/s, p50/p95/p99, errors
# and the machine's load average before and after each path (other work on the machine shows).
#
#   apt-get install wrk
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/insp_bench MEDIA_ROOT=/tmp/bench-media bench/load_test.sh
#   DATABASE_URL=... bench/load_test.sh / /other/page/      # chosen paths instead
#
# Default paths: the start page (dashboard), the newest generated round's grid, an issued
# notice's page and its stored PDF download. Each must answer 200 to the logged-in user
# (checked first, so a redirect to the login page is never measured as a success).
#
# WITH_NGINX=1 puts nginx in front, as in the README's production line (bench/nginx.conf: the
# README's proxy settings on a plain-HTTP port), with TRUSTED_PROXIES=127.0.0.1 and
# gunicorn --forwarded-allow-ips 127.0.0.1; wrk then talks to nginx (apt-get install nginx-light;
# it runs as this script's own process, on NGINX_PORT, and stops with it).
set -euo pipefail
cd "$(dirname "$0")/.."

PY=.venv/bin/python
PATHS=("$@")
if [ ${#PATHS[@]} -eq 0 ]; then
  # shellcheck disable=SC2207
  PATHS=($($PY - <<'PYEOF'
import os, sys
sys.path.insert(0, ".")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
import django
django.setup()
from django.urls import reverse
from inspections.models import Inspection, Notice
round_ = Inspection.objects.filter(plan__title__startswith="[bench]").order_by("-starts_on", "-pk").first()
notice = Notice.objects.issued().filter(inspection=round_).order_by("pk").first()
print(reverse("home"), round_.get_absolute_url(), notice.get_absolute_url(),
      reverse("inspections:notice-pdf", args=[notice.pk]) + "?download=1")
PYEOF
  ))
fi
USERS=${USERS:-20}
# Think time of each user between requests, in ms, one run per value. The default runs both:
# 1000 (people clicking about once a second: the latency they see) and 0 (no pause, closed
# loop: the saturation throughput, where latency is mostly queueing, USERS / throughput).
# Pauses need threaded workers (the default): a sync worker would wait on the idle connection.
THINK=${THINK:-1000 0}
# gunicorn's worker options: the default is the README's production line (sync workers, whose
# --timeout ends a runaway request: bench/worker_timeout.py). Without nginx in front, a think-
# time run needs threads instead (--worker-class gthread --threads 2): a sync worker would
# wait on wrk's idle keep-alive connection.
GUNICORN_WORKERS=${GUNICORN_WORKERS:---workers 5 --worker-class sync --timeout 30}
DURATION=${DURATION:-60s}
PORT=${PORT:-8765}
NGINX_PORT=${NGINX_PORT:-8766}
BENCH_USER=${BENCH_USER:-bench.tatca}
BENCH_PASSWORD=${BENCH_PASSWORD:-demo-2023}
BASE="http://127.0.0.1:${PORT}"
[ "${WITH_NGINX:-0}" = 1 ] && BASE="http://127.0.0.1:${NGINX_PORT}"
: "${DATABASE_URL:?set DATABASE_URL (PostgreSQL with the generated data)}"

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
work=$(mktemp -d)
trap 'kill "$(cat "$work/pid" 2>/dev/null)" "$(cat "$work/nginx.pid" 2>/dev/null)" 2>/dev/null || true; rm -rf "$work"' EXIT

# Production-like: DEBUG off, collected static files, persistent connections.
export DEBUG=false ALLOWED_HOSTS=127.0.0.1 SECRET_KEY="${SECRET_KEY:-bench-$(head -c 32 /dev/urandom | base64 | tr -d '/+=')}"
$PY manage.py collectstatic --noinput -v0  # into ./staticfiles (git-ignored)
# shellcheck disable=SC2086
if [ "${WITH_NGINX:-0}" = 1 ]; then
  export TRUSTED_PROXIES=127.0.0.1
  GUNICORN_WORKERS="$GUNICORN_WORKERS --forwarded-allow-ips 127.0.0.1"
  chmod 755 "$work"  # nginx's workers (user nobody) keep request bodies under it
  sed -e "s|@WORK@|$work|g" -e "s|@PORT@|$PORT|g" -e "s|@NGINX_PORT@|$NGINX_PORT|g" bench/nginx.conf >"$work/nginx.conf"
  nginx -c "$work/nginx.conf" -p "$work"
fi
.venv/bin/gunicorn config.wsgi $GUNICORN_WORKERS --bind "127.0.0.1:${PORT}" --pid "$work/pid" \
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

echo "gunicorn ${GUNICORN_WORKERS}$([ "${WITH_NGINX:-0}" = 1 ] && echo ' behind nginx'), ${USERS} connections, ${DURATION} per path, database: ${DATABASE_URL%%:*}, user: ${BENCH_USER}"
for path in "${PATHS[@]}"; do
  status=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: sessionid=$session" "$BASE$path")
  [ "$status" = 200 ] || { echo "$path answers $status to $BENCH_USER, not 200" >&2; exit 1; }
  # Warm every worker up first (templates compiled, connections open, per-process caches
  # filled): a fresh process's first requests are not what people see all day.
  wrk -t2 -c"$USERS" -d"${WARMUP:-5s}" -H "Cookie: sessionid=$session" "$BASE$path" >/dev/null
  for think in $THINK; do
    before=$(cut -d' ' -f1-3 /proc/loadavg)
    result=$(THINK_MS=$think wrk -t2 -c"$USERS" -d"$DURATION" --timeout 10s -s bench/wrk_report.lua \
      -H "Cookie: sessionid=$session" "$BASE$path" | grep '^RESULT')
    echo "$path think_ms=$think ${result#RESULT } load_before=\"$before\" load_after=\"$(cut -d' ' -f1-3 /proc/loadavg)\""
  done
done
