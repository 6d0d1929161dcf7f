#!/usr/bin/env bash
# Benchmark: public pages as the public reads them, on a production-like
# server — gunicorn with portal.settings.production, PostgreSQL, the Redis
# cache, static files from WhiteNoise — measured with wrk.
#
#     benchmarks/public_pages.sh                 # 3 rounds of 5 s per URL
#     ROUNDS=5 DURATION=10s CONNECTIONS=32 benchmarks/public_pages.sh
#
# Creates (afresh) the database portal_bench_public, migrates it and seeds
# the demo; collects static files into a temporary folder; starts gunicorn
# on a free port; warms each URL up, then runs `wrk --latency` against the
# home page, a notice, a publicity list and a static file (and, to compare,
# the home page rendered every time), in rounds, and prints the median
# requests/s, latency p50/p90/p99 and each page's requests/s as a share of
# the static file's. Target: cached pages ≥ 50 % of the static file's
# requests/s, p99 < 50 ms. gunicorn is stopped and the database and Redis
# databases emptied on exit, whatever happens.
#
# Needs PostgreSQL and Redis on 127.0.0.1 (as CI has them) and wrk
# (Debian package wrk; installed with apt-get when run as root).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
PY="$ROOT/.venv/bin/python"
DURATION=${DURATION:-5s}
ROUNDS=${ROUNDS:-3}
CONNECTIONS=${CONNECTIONS:-16}
THREADS=${THREADS:-2}
WORKERS=${WORKERS:-$(nproc)}
PG=${BENCH_PG:-postgres://postgres@127.0.0.1:5432}
DB_NAME=${BENCH_DB_NAME:-portal_bench_public}
REDIS=${BENCH_REDIS:-redis://127.0.0.1:6379}

if ! command -v wrk >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get install -y -q wrk >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q wrk >/dev/null; }
  else
    echo "wrk is missing: sudo apt-get install wrk" >&2
    exit 1
  fi
fi
[ -x "$PY" ] || make venv

WORK=$(mktemp -d)
GUNICORN_PID=""
cleanup() {
  if [ -n "$GUNICORN_PID" ] && kill -0 "$GUNICORN_PID" 2>/dev/null; then
    kill "$GUNICORN_PID"
    wait "$GUNICORN_PID" 2>/dev/null || true
  fi
  "$PY" - <<EOF || true
import psycopg, redis
with psycopg.connect("$PG/postgres", autocommit=True) as c:
    c.execute('DROP DATABASE IF EXISTS "$DB_NAME" WITH (FORCE)')
for db in (13, 14):
    redis.Redis.from_url("$REDIS/%d" % db).flushdb()
EOF
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

# The variables production refuses to start without; for this benchmark only.
export DJANGO_SETTINGS_MODULE=portal.settings.production
export SECRET_KEY="benchmark-only-$("$PY" -c 'import secrets; print(secrets.token_urlsafe(48))')"
export ALLOWED_HOSTS=127.0.0.1
export DATABASE_URL="$PG/$DB_NAME"
export CACHE_URL="$REDIS/13"
export CELERY_BROKER_URL="$REDIS/14"
export EMAIL_URL="smtp://127.0.0.1:2525"
export WAGTAILADMIN_BASE_URL="http://127.0.0.1"
export STATIC_ROOT="$WORK/static"
export MEDIA_ROOT="$WORK/media"
export PRIVATE_MEDIA_ROOT="$WORK/private"
# Plain HTTP on 127.0.0.1: no redirect to HTTPS, no HSTS.
export SECURE_SSL_REDIRECT=false
export SECURE_HSTS_SECONDS=0
export LOG_LEVEL=WARNING

echo "== database $DB_NAME, cache $CACHE_URL, $WORKERS gunicorn workers"
"$PY" - <<EOF
import psycopg, redis
with psycopg.connect("$PG/postgres", autocommit=True) as c:
    c.execute('DROP DATABASE IF EXISTS "$DB_NAME" WITH (FORCE)')
    c.execute('CREATE DATABASE "$DB_NAME"')
for db in (13, 14):
    redis.Redis.from_url("$REDIS/%d" % db).flushdb()
EOF
"$PY" manage.py migrate --noinput -v0
"$PY" manage.py compilemessages --ignore=.venv --ignore=var -v0
"$PY" manage.py seed_demo --force >/dev/null
"$PY" manage.py collectstatic --noinput -v0

# The pages to measure: a live notice, a live publicity list, a static file.
read -r NOTICE PUBLICITY STATIC < <("$PY" - <<'EOF'
import django
django.setup()
from django.contrib.staticfiles.storage import staticfiles_storage
from cms.models import NoticePage, PublicityPage
notice = NoticePage.objects.live().public().order_by("-date").first()
publicity = PublicityPage.objects.live().public().order_by("-date").first()
print(notice.url, publicity.url, staticfiles_storage.url("cms/portal.css"))
EOF
)

PORT=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"
"$ROOT/.venv/bin/gunicorn" portal.wsgi --bind "127.0.0.1:$PORT" --workers "$WORKERS" \
  --log-level warning --pid "$WORK/gunicorn.pid" &
GUNICORN_PID=$!
for _ in $(seq 100); do
  curl -fsS -o /dev/null "$BASE/healthz" 2>/dev/null && break
  sleep 0.2
done
curl -fsS -o /dev/null "$BASE/healthz"

declare -A RPS P50 P90 P99 CACHE
NAMES=(home notice publicity static home-uncached)
declare -A URL=([home]="/" [notice]="$NOTICE" [publicity]="$PUBLICITY" [static]="$STATIC"
                [home-uncached]="/")
# For comparison: the home page rendered every time. A session cookie (of
# no session) is enough for the page cache to step aside.
declare -A HEADER=([home-uncached]="Cookie: sessionid=benchmark-no-such-session")

# wrk prints latencies as 812.00us, 1.20ms or 1.01s: in milliseconds.
to_ms() {
  awk -v v="$1" 'BEGIN {
    if (v ~ /us$/) { sub(/us$/, "", v); printf "%.2f", v / 1000 }
    else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.2f", v }
    else if (v ~ /s$/) { sub(/s$/, "", v); printf "%.2f", v * 1000 }
    else printf "%s", v }'
}

for name in "${NAMES[@]}"; do
  url="$BASE${URL[$name]}"
  header=${HEADER[$name]:-X-Benchmark: 1}
  status=$(curl -s -o /dev/null -w '%{http_code}' -H "$header" "$url")
  [ "$status" = 200 ] || { echo "$url answered $status" >&2; exit 1; }
  # Warm-up: fills the page cache and every worker's connections.
  wrk -t "$THREADS" -c "$CONNECTIONS" -d 3s -H "$header" "$url" >/dev/null
  # Whether the page came from the page cache (X-Page-Cache: hit).
  CACHE[$name]=$(curl -s -D - -o /dev/null -H "$header" "$url" \
    | awk -F': ' 'tolower($1) == "x-page-cache" {gsub(/\r/, "", $2); print $2}')
done

# ROUNDS rounds, each URL once per round, so that whatever else the machine
# is doing weighs on every URL alike; the medians are reported.
median() { tr ' ' '\n' | sed '/^$/d' | sort -g | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
declare -A ALL_RPS ALL_P50 ALL_P90 ALL_P99
for round in $(seq "$ROUNDS"); do
  for name in "${NAMES[@]}"; do
    # The uncached page once, after the rounds: its slow requests still
    # queued in gunicorn would weigh on whatever URL came next.
    [ "$name" = home-uncached ] && [ "$round" != "$ROUNDS" ] && continue
    sleep 1
    url="$BASE${URL[$name]}"
    header=${HEADER[$name]:-X-Benchmark: 1}
    out=$(wrk -t "$THREADS" -c "$CONNECTIONS" -d "$DURATION" -H "$header" --latency "$url")
    if grep -q "Non-2xx" <<<"$out"; then
      echo "$out" >&2
      echo "$url: some answers were not 2xx" >&2
      exit 1
    fi
    ALL_RPS[$name]+=" $(awk '/^Requests\/sec:/ {print $2}' <<<"$out")"
    ALL_P50[$name]+=" $(to_ms "$(awk '$1 == "50%" {print $2}' <<<"$out")")"
    ALL_P90[$name]+=" $(to_ms "$(awk '$1 == "90%" {print $2}' <<<"$out")")"
    ALL_P99[$name]+=" $(to_ms "$(awk '$1 == "99%" {print $2}' <<<"$out")")"
  done
  echo "round $round of $ROUNDS done"
done
for name in "${NAMES[@]}"; do
  RPS[$name]=$(median <<<"${ALL_RPS[$name]}")
  P50[$name]=$(median <<<"${ALL_P50[$name]}")
  P90[$name]=$(median <<<"${ALL_P90[$name]}")
  P99[$name]=$(median <<<"${ALL_P99[$name]}")
done

echo
echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION, median of $ROUNDS rounds;" \
  "gunicorn $WORKERS workers (sync); $(nproc) CPUs; load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf "%-14s %-40s %6s %9s %8s %8s %8s %8s\n" \
  page url cache "req/s" "p50 ms" "p90 ms" "p99 ms" "÷static"
fail=0
for name in "${NAMES[@]}"; do
  ratio=$(awk -v a="${RPS[$name]}" -v b="${RPS[static]}" 'BEGIN {printf "%.0f%%", 100 * a / b}')
  printf "%-14s %-40s %6s %9s %8s %8s %8s %8s\n" "$name" "${URL[$name]:0:40}" \
    "${CACHE[$name]:--}" "${RPS[$name]}" "${P50[$name]}" "${P90[$name]}" "${P99[$name]}" "$ratio"
  if [ "$name" != static ] && [ "$name" != home-uncached ]; then
    awk -v a="${RPS[$name]}" -v b="${RPS[static]}" -v p="${P99[$name]}" \
      'BEGIN {exit !(a >= 0.5 * b && p < 50)}' || fail=1
  fi
done
echo
if [ "$fail" = 0 ]; then
  echo "Target met: every page ≥ 50% of the static file's requests/s, p99 < 50 ms."
else
  echo "Target missed: a page is below 50% of the static file's requests/s or p99 ≥ 50 ms."
fi
