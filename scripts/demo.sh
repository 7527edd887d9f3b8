#!/usr/bin/env bash
# demo.sh: see sift work, end to end, on this machine.
#
#   scripts/demo.sh          leaves the local Kafka running afterwards
#   scripts/demo.sh --stop   also stops Kafka at the end
#
# Steps: start the local Kafka (scripts/kafka-local.sh), build sift (release), recreate the
# demo topics, start `sift run --config config/demo.toml`, feed the sample pages of samples/
# (listed in samples/pages.tsv: an article, its revision, a syndicated copy, a non-article, an
# error page, a text dump, bad inputs) into `pages`, print a few events from `articles.clean`,
# and some `sift_` metrics (events published by outcome among them), then stop sift with
# SIGTERM. Needs nothing outside the clone.
#
# Environment (defaults in brackets):
#   SIFT_DEMO_METRICS   sift's HTTP address (as in config/demo.toml) [http://127.0.0.1:9464]
#   plus those of scripts/kafka-local.sh (SIFT_KAFKA_PORT, ...).
# sift's log goes to target/demo/sift.log.
set -euo pipefail

prog=demo.sh
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$root"

kafka="$root/scripts/kafka-local.sh"
samples="$root/samples"
http=${SIFT_DEMO_METRICS:-http://127.0.0.1:9464}
config=config/demo.toml
sift_bin=target/release/sift
work=target/demo
sift_log="$work/sift.log"

input_topic=pages
output_topics=(articles.clean articles.duplicates articles.rejected articles.dlq)

stop_kafka=false
sift_pid=

step() { printf '\n==> %s\n' "$*"; }
die() { printf '%s: error: %s\n' "$prog" "$*" >&2; exit 1; }

# ---------------------------------------------------------------- steps

start_kafka() {
    step "Kafka: starting the local single-node broker"
    "$kafka" start
}

build_sift() {
    step "Building sift (cargo build --release)"
    cargo build --release
}

# Delete and recreate the topics so that reading articles.clean "from the beginning" shows
# this run's output only.
recreate_topics() {
    step "Topics: recreating $input_topic and ${output_topics[*]}"
    "$kafka" topics recreate 6 "$input_topic" "${output_topics[@]}"
}

start_sift() {
    step "Starting sift: $sift_bin run --config $config"
    [[ -f "$config" ]] || die "$config not found"
    mkdir -p "$work"
    # The service reads its brokers from SIFT__KAFKA__BROKERS (overrides the file).
    SIFT__KAFKA__BROKERS=$("$kafka" bootstrap) \
        "$sift_bin" run --config "$config" >"$sift_log" 2>&1 &
    sift_pid=$!
    wait_for_sift
    echo "sift running (pid $sift_pid), log in $sift_log"
}

# Ready when /readyz says 200; a build without /readyz counts as ready once /metrics answers.
wait_for_sift() {
    local deadline=$((SECONDS + 60)) code
    while ((SECONDS < deadline)); do
        if ! kill -0 "$sift_pid" 2>/dev/null; then
            tail -n 30 "$sift_log" >&2
            sift_pid=
            die "sift exited during startup (log above)"
        fi
        code=$(curl -s -o /dev/null -w '%{http_code}' "$http/readyz" || true)
        if [[ "$code" == 200 ]] || { [[ "$code" == 404 ]] && curl -fs -o /dev/null "$http/metrics"; }; then
            return 0
        fi
        sleep 0.5
    done
    tail -n 30 "$sift_log" >&2
    die "sift not ready after 60 s ($http/readyz)"
}

# Each sample is one record: key and "url" header = its URL from samples/pages.tsv (none for
# "-"), value = the file's bytes. Sets fed=<number of records>.
fed=0
feed_pages() {
    local summary
    step "Feeding the pages of samples/pages.tsv into '$input_topic'"
    summary=$(awk -F '\t' -v dir="$samples" '!/^#/ && NF == 2 {
                  printf "%s\t%s/%s\n", ($1 == "-" ? "" : $1), dir, $2
              }' "$samples/pages.tsv" \
        | "$kafka" produce-files "$input_topic" | tail -n 1)
    echo "$summary"
    fed=$(awk '{print $2}' <<<"$summary")
}

# Sum of the metric lines starting with PREFIX (0 when none or sift does not answer).
metric_sum() {
    curl -fs "$http/metrics" | awk -v p="$1" 'index($0, p) == 1 {n += $NF} END {print n + 0}' \
        || echo 0
}

# Done when sift's published-events counters (all outcomes) add up to what was fed.
wait_processed() {
    step "Waiting for sift to process $fed records"
    local deadline=$((SECONDS + 60)) published=0
    while ((SECONDS < deadline)); do
        published=$(metric_sum sift_events_published_total)
        if ((published >= fed)); then
            echo "sift published $published events"
            return 0
        fi
        sleep 0.5
    done
    echo "(only $published of $fed processed after 60 s; going on; see $sift_log)"
}

# Read committed records only, in case sift writes transactionally.
show_clean_events() {
    local topic=articles.clean n=5 out="$work/events.jsonl"
    step "A few events from $topic (title / url / word_count)"
    : >"$out"
    if (($(metric_sum 'sift_events_published_total{outcome="clean"') > 0)); then
        consume "$topic" "$n" 20000 >"$out"
    fi
    if [[ ! -s "$out" ]]; then
        echo "(nothing on $topic: the dedup state from an earlier demo run remembers these pages,"
        echo " see [dedup] in $config; here is articles.duplicates instead)"
        topic=articles.duplicates
        consume "$topic" "$n" 20000 >"$out"
    fi
    [[ -s "$out" ]] || { echo "(no events: see $sift_log)"; return 0; }
    jq -r '[(.title // "-"), (.url // "(no url)"), (.word_count | tostring)] | join("  |  ")' "$out" \
        || cat "$out"
}

consume() {
    "$kafka" tool org.apache.kafka.tools.consumer.ConsoleConsumer \
        --bootstrap-server "$("$kafka" bootstrap)" --topic "$1" --from-beginning \
        --max-messages "$2" --timeout-ms "$3" --isolation-level read_committed \
        2>/dev/null
}

show_metrics() {
    step "Metrics: $http/metrics"
    local metrics
    metrics=$(curl -fsS "$http/metrics") || { echo "(could not fetch $http/metrics)"; return 0; }
    # Histogram buckets are many lines each: leave them out here.
    awk '/^sift_/ && !/_bucket\{/ && n++ < 25' <<<"$metrics"
    grep -q '^sift_' <<<"$metrics" || echo "(no sift_ metrics found)"
}

stop_sift() {
    [[ -n "$sift_pid" ]] || return 0
    step "Stopping sift (SIGTERM)"
    kill -TERM "$sift_pid" 2>/dev/null || true
    local deadline=$((SECONDS + 30))
    while kill -0 "$sift_pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
    if kill -0 "$sift_pid" 2>/dev/null; then
        echo "sift did not stop within 30 s: SIGKILL"
        kill -KILL "$sift_pid" 2>/dev/null || true
    fi
    wait "$sift_pid" 2>/dev/null || true
    sift_pid=
}

finish() {
    local rc=$?
    trap - EXIT INT TERM
    stop_sift
    if $stop_kafka; then
        "$kafka" stop
    else
        echo "Kafka left running at $("$kafka" bootstrap) (scripts/kafka-local.sh stop)"
    fi
    exit "$rc"
}

main() {
    case ${1:-} in
        --stop) stop_kafka=true ;;
        "") ;;
        *) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'; exit 2 ;;
    esac
    local tool
    for tool in jq curl cargo java; do
        command -v "$tool" >/dev/null || die "$tool not found"
    done
    trap finish EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM

    start_kafka
    build_sift
    recreate_topics
    start_sift
    feed_pages
    wait_processed
    show_clean_events
    show_metrics
    stop_sift
}

main "$@"
