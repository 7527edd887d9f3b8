#!/usr/bin/env bash
# redis-local.sh: a throwaway Redis for tests (Debian's redis-server, no persistence).
#
#   scripts/redis-local.sh start    start (daemonized) and wait for PONG
#   scripts/redis-local.sh stop     SIGTERM, wait up to 15 s, then SIGKILL
#   scripts/redis-local.sh status   exit 0 when running
#   scripts/redis-local.sh url      print redis://127.0.0.1:PORT/
#   scripts/redis-local.sh ping     exit 0 when any Redis answers on the port (ours or not)
#
# Environment (defaults in brackets):
#   SIFT_REDIS_PORT   port on 127.0.0.1                 [16379]
#   SIFT_REDIS_STATE  pid file, log, working dir        [/tmp/sift-redis]
#   SIFT_REDIS_PERSIST  1: keep the data across restarts (append-only file in the state
#                     dir, fsync on every write), as a production Redis would  [unset: none]
#
# Needs: apt-get install -y --no-install-recommends redis-server
# (Debian 12: redis 7.0.15; apt does not auto-start a system instance in these containers,
# and this one uses its own port anyway.) Start to PONG takes well under a second.
set -euo pipefail

prog=redis-local.sh
port=${SIFT_REDIS_PORT:-16379}
state=${SIFT_REDIS_STATE:-/tmp/sift-redis}
pid_file="$state/redis.pid"
log_file="$state/redis.log"
url="redis://127.0.0.1:$port/"

start_timeout=15
stop_timeout=15

die() { printf '%s: error: %s\n' "$prog" "$*" >&2; exit 1; }
say() { printf '%s: %s\n' "$prog" "$*" >&2; }

ping() { [[ "$(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null)" == PONG ]]; }

# PID from the pid file, only if alive and a redis-server on our port (not a reused PID).
running_pid() {
    [[ -f "$pid_file" ]] || return 1
    local pid
    pid=$(cat "$pid_file")
    [[ "$pid" =~ ^[0-9]+$ && -r "/proc/$pid/cmdline" ]] || return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qE "redis-server .*:$port( |$)" || return 1
    printf '%s\n' "$pid"
}

cmd_start() {
    local pid
    if pid=$(running_pid); then
        say "already running (pid $pid) at $url"
        return 0
    fi
    command -v redis-server >/dev/null \
        || die "redis-server not found (apt-get install -y --no-install-recommends redis-server)"
    ping && die "something else answers on port $port; set SIFT_REDIS_PORT"
    mkdir -p "$state"
    rm -f "$pid_file"
    # By default nothing is written to disk (--save '' --appendonly no): tests start from
    # empty. Daemonized, redis writes its own pid file (the daemon's PID, not the launcher's).
    local persistence=(--appendonly no)
    if [[ "${SIFT_REDIS_PERSIST:-}" == 1 ]]; then
        persistence=(--appendonly yes --appendfsync always)
    fi
    redis-server --bind 127.0.0.1 --port "$port" --save '' "${persistence[@]}" \
        --dir "$state" --daemonize yes --pidfile "$pid_file" --logfile "$log_file" \
        9>&- || die "redis-server failed to start; see $log_file"
    local deadline=$((SECONDS + start_timeout))
    until ping; do
        if ((SECONDS >= deadline)); then
            tail -n 20 "$log_file" >&2 || true
            die "no PONG on port $port after ${start_timeout} s"
        fi
        sleep 0.1
    done
    # The pid file appears just after the port answers; wait for it so `stop` can find it.
    until running_pid >/dev/null; do
        ((SECONDS < deadline)) || die "redis answers but wrote no usable pid file ($pid_file)"
        sleep 0.1
    done
    say "running (pid $(cat "$pid_file")) at $url"
}

cmd_stop() {
    local pid
    if ! pid=$(running_pid); then
        rm -f "$pid_file"
        say "not running"
        return 0
    fi
    kill -TERM "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + stop_timeout))
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do
        sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
        say "still running after ${stop_timeout} s: SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$pid_file"
    say "stopped (pid $pid)"
}

cmd_status() {
    local pid
    if pid=$(running_pid); then
        echo "running (pid $pid) at $url"
    else
        echo "not running"
        return 1
    fi
}

# start/stop hold a lock on the state dir so concurrent callers do not race.
with_lock() {
    mkdir -p "$state"
    exec 9>"$state/.lock"
    flock -w 60 9 || die "timed out waiting for the lock on $state/.lock"
    "$@"
}

usage() {
    sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'
}

case ${1:-} in
    start) with_lock cmd_start ;;
    stop) with_lock cmd_stop ;;
    status) cmd_status ;;
    url) echo "$url" ;;
    ping) ping ;;
    -h|--help|help) usage ;;
    *) usage >&2; exit 2 ;;
esac
