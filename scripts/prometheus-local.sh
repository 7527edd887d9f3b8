#!/usr/bin/env bash
# prometheus-local.sh: Debian's Prometheus on 127.0.0.1, scraping a running sift every second
# with deploy/prometheus/alerts.yml loaded, for scripts/check-promql and for looking at a local
# run. Storage lives in a state dir that `start` wipes: every start is a fresh TSDB.
#
#   scripts/prometheus-local.sh start [TARGET[,TARGET...]]   TARGET: sift's metrics address
#                                        [$SIFT_METRICS_ADDR or 127.0.0.1:9464]; waits until ready
#   scripts/prometheus-local.sh stop     SIGTERM, wait up to 15 s, then SIGKILL
#   scripts/prometheus-local.sh status   exit 0 when running
#   scripts/prometheus-local.sh url      print http://127.0.0.1:PORT
#
# Environment (defaults in brackets):
#   SIFT_PROM_PORT   listen port on 127.0.0.1                        [19090]
#   SIFT_PROM_STATE  config, TSDB, pid file and log                  [/tmp/sift-prometheus]
#   SIFT_PROM_SCRAPE_INTERVAL  scrape and rule evaluation interval   [1s]
# Needs `prometheus` on PATH (apt-get install prometheus). The job is named `sift`, as the
# alerts and the dashboard expect. Log: $SIFT_PROM_STATE/prometheus.log
set -euo pipefail

prog=prometheus-local.sh
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
port=${SIFT_PROM_PORT:-19090}
state=${SIFT_PROM_STATE:-/tmp/sift-prometheus}
interval=${SIFT_PROM_SCRAPE_INTERVAL:-1s}
url="http://127.0.0.1:$port"
pid_file="$state/prometheus.pid"
log_file="$state/prometheus.log"
config="$state/prometheus.yml"
rules="$root/deploy/prometheus/alerts.yml"
start_timeout=30
stop_timeout=15

die() { printf '%s: error: %s\n' "$prog" "$*" >&2; exit 1; }
say() { printf '%s: %s\n' "$prog" "$*" >&2; }

running() {
    [[ -f "$pid_file" ]] || return 1
    local pid
    pid=$(cat "$pid_file")
    [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null \
        && grep -q prometheus "/proc/$pid/cmdline" 2>/dev/null
}

ready() { curl -fsS -m 2 "$url/-/ready" >/dev/null 2>&1; }

write_config() {
    local targets=$1 t list=""
    IFS=',' read -ra arr <<<"$targets"
    for t in "${arr[@]}"; do list+="\"$t\", "; done
    cat >"$config" <<YAML
# Written by scripts/prometheus-local.sh; rewritten at every start.
global:
  scrape_interval: $interval
  scrape_timeout: $interval
  evaluation_interval: $interval
rule_files:
  - $rules
scrape_configs:
  - job_name: sift
    static_configs:
      - targets: [${list%, }]
YAML
}

start() {
    local targets=${1:-${SIFT_METRICS_ADDR:-127.0.0.1:9464}}
    command -v prometheus >/dev/null || die "prometheus not found (apt-get install prometheus)"
    if running; then
        say "already running (pid $(cat "$pid_file")) at $url"
        return 0
    fi
    if ready; then die "something else answers at $url (SIFT_PROM_PORT?)"; fi
    rm -rf "$state/data"
    mkdir -p "$state/data"
    write_config "$targets"
    promtool check config "$config" >/dev/null 2>&1 \
        || { promtool check config "$config" >&2; die "bad generated config $config"; }
    # setsid: a process group of its own, so the caller's Ctrl-C or job control leaves it alone.
    setsid prometheus \
        --config.file="$config" \
        --storage.tsdb.path="$state/data" \
        --storage.tsdb.retention.time=1d \
        --web.listen-address="127.0.0.1:$port" \
        --web.enable-lifecycle \
        --log.level=warn \
        </dev/null >"$log_file" 2>&1 &
    echo $! >"$pid_file"
    local deadline=$((SECONDS + start_timeout))
    until ready; do
        if ! running; then
            tail -n 20 "$log_file" >&2 || true
            die "prometheus exited during start (log: $log_file)"
        fi
        ((SECONDS < deadline)) || die "not ready after ${start_timeout}s (log: $log_file)"
        sleep 0.2
    done
    say "ready at $url scraping $targets every $interval (pid $(cat "$pid_file"))"
}

stop() {
    if ! running; then
        rm -f "$pid_file"
        say "not running"
        return 0
    fi
    local pid
    pid=$(cat "$pid_file")
    kill -TERM "$pid"
    local deadline=$((SECONDS + stop_timeout))
    while kill -0 "$pid" 2>/dev/null; do
        if ((SECONDS >= deadline)); then
            say "still running after ${stop_timeout}s: SIGKILL"
            kill -KILL "$pid" 2>/dev/null || true
            break
        fi
        sleep 0.2
    done
    rm -f "$pid_file"
    say "stopped"
}

case "${1:-}" in
    start) shift; start "$@" ;;
    stop) stop ;;
    status) running ;;
    url) echo "$url" ;;
    *) sed -n '2,19p' "$0" >&2; exit 2 ;;
esac
