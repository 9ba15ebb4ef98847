#!/usr/bin/env bash
# Times the demo's first start as a new user meets it: from launch to the first HTTP answer of / (the preparing
# page) and to "ready" in GET /api/demo/status. Fresh data directory unless one is given. Build first (Debug, as
# README's command runs it): dotnet build src/ActionPlane.Web
# Usage: scripts/first-start-timing.sh [data-directory] [port]   (an existing data directory times a second start)
set -uo pipefail
data=${1:-$(mktemp -d)/data}
port=${2:-5199}
log=$(mktemp)
now() { date +%s.%N; }
since() { echo "$(now) - $1" | bc; }

start=$(now)
ActionPlane__DataDirectory=$data ASPNETCORE_ENVIRONMENT=Development \
  dotnet run --project src/ActionPlane.Web --no-build --urls "http://127.0.0.1:$port" >"$log" 2>&1 &
pid=$!
first=""
while kill -0 "$pid" 2>/dev/null; do
  if [ -z "$first" ]; then
    code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/" || true)
    if [ "$code" != "000" ]; then
      first=$(since "$start")
      echo "first answer of / after $first s (HTTP $code)"
    fi
  fi
  status=$(curl -s "http://127.0.0.1:$port/api/demo/status" || true)
  if [[ $status == *'"state":"ready"'* ]]; then
    echo "ready after $(since "$start") s"
    break
  elif [[ $status == *'"state":"failed"'* ]]; then
    echo "failed after $(since "$start") s: $status"
    break
  fi
  sleep 0.2
done
# Stop the app itself (dotnet run's child): a background job ignores SIGINT; SIGTERM stops the host and its cluster.
pkill -TERM -P "$pid"
wait "$pid"
echo "app log: $log (data directory $data)"
