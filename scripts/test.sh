#!/usr/bin/env bash
# test.sh: the one command that runs every test.
#
#   scripts/test.sh [extra cargo test args]      e.g. scripts/test.sh --no-fail-fast
#                                                     scripts/test.sh --test e2e -- some_name
#
# 1. Starts the local Kafka (scripts/kafka-local.sh) and Redis (scripts/redis-local.sh) unless
#    they already run, and exports where they are:
#        SIFT_TEST_KAFKA_BOOTSTRAP   e.g. 127.0.0.1:19092
#        SIFT_TEST_REDIS_URL         e.g. redis://127.0.0.1:16379/
#    If the caller already set one of these, that service is used as given and not started.
# 2. Runs `cargo test --release --workspace --all-targets --features integration "$@"` (release:
#    tests and benches share one build). The `integration` feature turns on the tests that need
#    these services (and the quality gates that read the corpora in ../shared); without it,
#    `cargo test` runs every test that needs neither.
# 3. On exit (also on failure or Ctrl-C) stops only the services that a test.sh run started,
#    once no other test.sh run still uses them; exits with cargo's exit code.
#
# Several test.sh runs may share one broker and one Redis at the same time (each run holds a
# lease in $SIFT_TEST_LEASES, default /tmp/sift-test-leases), so tests must use their own
# topic names, consumer groups and Redis key prefixes. A service you started by hand is never
# stopped by test.sh.
set -euo pipefail

prog=test.sh
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$root"

kafka_sh="$root/scripts/kafka-local.sh"
redis_sh="$root/scripts/redis-local.sh"
lease_root=${SIFT_TEST_LEASES:-/tmp/sift-test-leases}
leased=()      # services this run holds a lease on, released on exit

say() { printf '%s: %s\n' "$prog" "$*" >&2; }

# ---------------------------------------------------------------- shared services
#
# Per service (name = e.g. kafka-127.0.0.1_19092) the lease dir holds one file per test.sh
# run using it (lease.<pid>) and, when a test.sh run started it, the file started-by-test.
# Both steps below run under a lock on the lease dir. The lock's fd (8) is closed for the
# service scripts, or the broker JVM would inherit it and hold the lock forever.

lock_lease_dir() {
    mkdir -p "$1"
    exec 8>"$1/.lock"
    flock -w 120 8 || { say "timed out waiting for $1/.lock"; return 1; }
}
unlock_lease_dir() { exec 8>&-; }

# acquire NAME SCRIPT: make sure the service runs and record that this run uses it.
# A server on the port that the script did not start (someone ran it by hand) is used as it
# is, and never stopped.
acquire() {
    local dir="$lease_root/$1" script=$2
    lock_lease_dir "$dir"
    if "$script" status >/dev/null 2>&1; then
        :
    elif "$script" ping >/dev/null 2>&1; then
        say "$1: using the server already answering there (not started by $(basename "$script"))"
    else
        "$script" start 8>&- || { unlock_lease_dir; return 1; }
        touch "$dir/started-by-test"
    fi
    touch "$dir/lease.$$"
    leased+=("$1|$script")
    unlock_lease_dir
}

# release NAME SCRIPT: drop this run's lease (and those of runs that died without releasing);
# stop the service if a test.sh run started it and nobody uses it any more.
release() {
    local dir="$lease_root/$1" script=$2 f pid
    lock_lease_dir "$dir" || return 0
    rm -f "$dir/lease.$$"
    for f in "$dir"/lease.*; do
        [[ -e "$f" ]] || continue
        pid=${f##*.}
        kill -0 "$pid" 2>/dev/null || rm -f "$f"
    done
    if compgen -G "$dir/lease.*" >/dev/null; then
        say "$1 still used by another test.sh run; leaving it running"
    elif [[ -f "$dir/started-by-test" ]]; then
        "$script" stop 8>&- || true
        rm -f "$dir/started-by-test"
    fi
    unlock_lease_dir
}

cleanup() {
    local rc=$? entry
    trap - EXIT INT TERM
    for entry in "${leased[@]}"; do
        release "${entry%%|*}" "${entry#*|}"
    done
    exit "$rc"
}

start_services() {
    if [[ -z "${SIFT_TEST_KAFKA_BOOTSTRAP:-}" ]]; then
        SIFT_TEST_KAFKA_BOOTSTRAP=$("$kafka_sh" bootstrap)
        acquire "kafka-${SIFT_TEST_KAFKA_BOOTSTRAP//:/_}" "$kafka_sh"
    fi
    if [[ -z "${SIFT_TEST_REDIS_URL:-}" ]]; then
        SIFT_TEST_REDIS_URL=$("$redis_sh" url)
        local port=${SIFT_TEST_REDIS_URL##*:}
        acquire "redis-127.0.0.1_${port%/}" "$redis_sh"
    fi
    export SIFT_TEST_KAFKA_BOOTSTRAP SIFT_TEST_REDIS_URL
}

# ---------------------------------------------------------------- cargo

preflight() {
    if ! command -v cargo >/dev/null && [[ -f "$HOME/.cargo/env" ]]; then
        # shellcheck source=/dev/null
        source "$HOME/.cargo/env"
    fi
    command -v cargo >/dev/null || { say "cargo not on PATH"; exit 1; }
    # librdkafka 2.12.1 (rdkafka's cmake-build) includes curl/curl.h even with curl disabled.
    [[ -f /usr/include/curl/curl.h || -f /usr/include/x86_64-linux-gnu/curl/curl.h ]] \
        || say "warning: curl/curl.h missing; the rdkafka build will fail (apt-get install libcurl4-openssl-dev)"
}

# cargo's per-binary "test result:" lines scroll away among many binaries: add them up.
summarize() {
    local log=$1 rc=$2
    awk -v rc="$rc" '
        /^test result:/ {
            bins++
            for (i = 1; i <= NF; i++) {
                v = $(i - 1) + 0
                if ($i ~ /^passed;?$/) passed += v
                if ($i ~ /^failed;?$/) failed += v
                if ($i ~ /^ignored;?$/) ignored += v
            }
        }
        END {
            printf "\n== sift tests: %d passed, %d failed, %d ignored in %d test binaries; cargo exit code %d ==\n",
                passed, failed, ignored, bins, rc
        }' "$log"
}

main() {
    trap cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    preflight
    start_services
    say "SIFT_TEST_KAFKA_BOOTSTRAP=$SIFT_TEST_KAFKA_BOOTSTRAP SIFT_TEST_REDIS_URL=$SIFT_TEST_REDIS_URL"

    local log rc=0
    log=$(mktemp -t sift-test.XXXXXX.log)
    set +e
    cargo test --release --workspace --all-targets --features integration "$@" 2>&1 | tee "$log"
    rc=${PIPESTATUS[0]}
    set -e
    summarize "$log" "$rc"
    rm -f "$log"
    return "$rc"
}

main "$@"
