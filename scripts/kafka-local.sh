#!/usr/bin/env bash
# kafka-local.sh: a single-node Apache Kafka (KRaft, broker+controller in one JVM) for tests
# and demos, without Docker. Jars come from Maven Central (scripts/kafka/pom.xml).
#
#   scripts/kafka-local.sh start       fetch jars if needed, format if needed, start, wait until ready
#   scripts/kafka-local.sh stop        SIGTERM, wait up to 30 s, then SIGKILL
#   scripts/kafka-local.sh status      exit 0 when running
#   scripts/kafka-local.sh bootstrap   print 127.0.0.1:PORT
#   scripts/kafka-local.sh ping        exit 0 when a broker (ours or not) on the port lists topics
#   scripts/kafka-local.sh fetch       only download the jars (no-op when cached)
#   scripts/kafka-local.sh topics create NAME PARTITIONS | list | delete NAME | describe [NAME]
#   scripts/kafka-local.sh topics recreate PARTITIONS NAME...   delete if present, create empty
#   scripts/kafka-local.sh produce-files TOPIC      stdin: lines "PATH" or "KEY<TAB>PATH";
#                                                    each file becomes ONE record
#   scripts/kafka-local.sh consume TOPIC [MAX [TIMEOUT_MS]]
#                                                    print record values from the beginning
#   scripts/kafka-local.sh tool CLASS [ARGS...]      run any class from the jar cache, e.g.
#                                                    org.apache.kafka.tools.GetOffsetShell
#
# Environment (defaults in brackets):
#   SIFT_KAFKA_HOME   jar cache, outside the clone          [$HOME/.cache/sift-kafka]
#   SIFT_KAFKA_STATE  config, data, pid file and logs       [/tmp/sift-kafka]
#   SIFT_KAFKA_PORT   PLAINTEXT listener on 127.0.0.1       [19092]
#   SIFT_KAFKA_CONTROLLER_PORT                              [19093]
#   SIFT_KAFKA_START_TIMEOUT  seconds to wait for readiness [120]
#   SIFT_KAFKA_EXTERNAL_PORT, SIFT_KAFKA_EXTERNAL_ADVERTISED_PORT   [unset]
#                     a second listener (EXTERNAL) on 127.0.0.1:PORT that advertises
#                     127.0.0.1:ADVERTISED_PORT, e.g. a TCP proxy in front of it, so that
#                     clients bootstrapped through the proxy stay on it (tests/faults.rs cuts
#                     the network there). Inter-broker traffic and this script's own tools
#                     keep using the PLAINTEXT listener.
# Logs: $SIFT_KAFKA_STATE/kafka.log (log4j) and $SIFT_KAFKA_STATE/jvm.out (stdout/stderr).
#
# Measured on the 2-core Debian 12 machine (Kafka 4.1.1, Java 17, Maven 3.8.7):
#   first download of the 47 jars (43 MB), empty ~/.m2:   34 s
#   the same with ~/.m2 already filled (new cache dir):    9 s
#   `start`, jars cached, data dir formatted on the way:  12 s  (JVM to "Kafka Server started" ~7 s)
#   `start` with an existing data dir, idle machine:       7 s
#   `start` while other cargo builds load the 2 cores:    30-58 s
#   `stop` (SIGTERM, clean shutdown):                      1-4 s
set -euo pipefail

prog=kafka-local.sh
script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
pom="$script_dir/kafka/pom.xml"

kafka_home=${SIFT_KAFKA_HOME:-$HOME/.cache/sift-kafka}
libs="$kafka_home/libs"
state=${SIFT_KAFKA_STATE:-/tmp/sift-kafka}
port=${SIFT_KAFKA_PORT:-19092}
controller_port=${SIFT_KAFKA_CONTROLLER_PORT:-19093}
bootstrap="127.0.0.1:$port"
external_port=${SIFT_KAFKA_EXTERNAL_PORT:-}
external_advertised_port=${SIFT_KAFKA_EXTERNAL_ADVERTISED_PORT:-$external_port}

pid_file="$state/kafka.pid"
props="$state/server.properties"
data="$state/data"
log_file="$state/kafka.log"
jvm_out="$state/jvm.out"

# Seconds until the broker must list topics. ~5-8 s on an idle machine, but up to 58 s was
# seen while other cargo builds kept the 2 cores busy (load ~11). A JVM that dies is
# reported at once, not after the timeout.
start_timeout=${SIFT_KAFKA_START_TIMEOUT:-120}
stop_timeout=30    # seconds between SIGTERM and SIGKILL

die() { printf '%s: error: %s\n' "$prog" "$*" >&2; exit 1; }
say() { printf '%s: %s\n' "$prog" "$*" >&2; }

# ---------------------------------------------------------------- jars

# The cache is valid for exactly the pom it was fetched with.
pom_digest() { sha256sum "$pom" | cut -d' ' -f1; }

jars_present() {
    [[ -f "$libs/.pom-sha256" && "$(cat "$libs/.pom-sha256")" == "$(pom_digest)" ]]
}

# Fetch into a temporary directory and rename it into place when complete, so an interrupted
# download never looks like a finished one.
ensure_jars() {
    jars_present && return 0
    command -v mvn >/dev/null || die "mvn not found (apt-get install -y maven)"
    say "fetching Kafka jars from Maven Central into $libs"
    mkdir -p "$kafka_home"
    local tmp="$kafka_home/.libs.tmp.$$" started=$SECONDS
    rm -rf "$tmp"
    local mvn_log="$kafka_home/mvn.log"
    if ! mvn -B -Dstyle.color=never -f "$pom" dependency:copy-dependencies \
            -DoutputDirectory="$tmp" >"$mvn_log" 2>&1; then
        tail -n 30 "$mvn_log" >&2
        rm -rf "$tmp"
        die "mvn dependency:copy-dependencies failed (full output: $mvn_log)"
    fi
    pom_digest >"$tmp/.pom-sha256"
    rm -rf "$libs"
    mv "$tmp" "$libs"
    say "fetched $(find "$libs" -name '*.jar' | wc -l) jars in $((SECONDS - started)) s"
}

# A class from the jar cache run as a command-line tool: small heap, quick JIT start, quiet logs.
tool_java=(java -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1
    -Dlog4j2.configurationFile="$script_dir/kafka/tools-log4j2.properties" -cp "$libs/*")
kafka_tool() { "${tool_java[@]}" "$@"; }

# ---------------------------------------------------------------- config and format

write_config() {
    mkdir -p "$state"
    local listeners="PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller_port"
    local advertised=$listeners protocols="PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"
    if [[ -n "$external_port" ]]; then
        listeners+=",EXTERNAL://127.0.0.1:$external_port"
        advertised+=",EXTERNAL://127.0.0.1:$external_advertised_port"
        protocols+=",EXTERNAL:PLAINTEXT"
    fi
    cat >"$props.new" <<EOF
# Generated by scripts/kafka-local.sh; edits are overwritten on start.
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:$controller_port
listeners=$listeners
advertised.listeners=$advertised
listener.security.protocol.map=$protocols
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
log.dirs=$data

# One node: every replication factor and min ISR is 1.
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1

# Tests create their topics explicitly; auto-creation stays on for ad-hoc use.
auto.create.topics.enable=true
num.partitions=6
# Consumers join immediately instead of waiting 3 s for more members.
group.initial.rebalance.delay.ms=0
# Fewer internal partitions than the default 50: quicker first group/transaction on one node.
offsets.topic.num.partitions=6
transaction.state.log.num.partitions=6

# Some corpus pages exceed the 1 MB default record size.
message.max.bytes=10485760
replica.fetch.max.bytes=10485760

# Sized for a 2-core machine and a 512 MB heap (the cleaner's default buffer is 128 MB).
num.network.threads=2
num.io.threads=4
log.cleaner.dedupe.buffer.size=33554432
EOF
    mv "$props.new" "$props"
}

# The quorum (controller endpoint) is written into the data dir at format time, so a data dir
# formatted with different settings is discarded rather than half-reused. It is a throwaway
# test broker; nothing in it is precious.
ensure_formatted() {
    local stamp="$data/.sift-config-sha256" digest
    digest=$(sha256sum "$props" | cut -d' ' -f1)
    if [[ -f "$data/meta.properties" && -f "$stamp" && "$(cat "$stamp")" == "$digest" ]]; then
        return 0
    fi
    if [[ -d "$data" ]]; then
        say "configuration changed or data dir incomplete: discarding $data"
        rm -rf "$data"
    fi
    local cluster_id
    cluster_id=$(kafka_tool kafka.tools.StorageTool random-uuid)
    say "formatting $data (cluster id $cluster_id)"
    kafka_tool kafka.tools.StorageTool format -t "$cluster_id" -c "$props" --standalone >&2 \
        || die "StorageTool format failed"
    printf '%s\n' "$digest" >"$stamp"
}

# ---------------------------------------------------------------- process

# PID from the pid file, only if that process is alive and is our broker (not a reused PID).
running_pid() {
    [[ -f "$pid_file" ]] || return 1
    local pid
    pid=$(cat "$pid_file")
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    [[ -r "/proc/$pid/cmdline" ]] || return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF "kafka.Kafka $props" || return 1
    printf '%s\n' "$pid"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

broker_lists_topics() {
    timeout 20 "${tool_java[@]}" org.apache.kafka.tools.TopicCommand \
        --bootstrap-server "$bootstrap" --list >/dev/null 2>&1
}

show_logs() {
    local f
    for f in "$jvm_out" "$log_file"; do
        [[ -s "$f" ]] || continue
        printf -- '--- last lines of %s ---\n' "$f" >&2
        tail -n 25 "$f" >&2
    done
}

# Keep the previous run's logs as *.1; the readiness check reads this run's log only.
rotate_logs() {
    local f
    for f in "$log_file" "$jvm_out"; do
        if [[ -f "$f" ]]; then mv -f "$f" "$f.1"; fi
    done
}

launch_jvm() {
    # The JVM gets its own session (setsid) so a Ctrl-C aimed at whatever started it does not
    # reach it: it is stopped by `stop`, on purpose. It must be a simple command of its own
    # (not the end of an `a && b &` chain): then $! is the JVM itself, since bash and setsid
    # both exec rather than fork here. 9>&-: the JVM must not inherit the lock (see with_lock).
    setsid java -Xms256m -Xmx512m -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
        -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true \
        -Dlog4j2.configurationFile="$script_dir/kafka/broker-log4j2.properties" \
        -Dsift.kafka.log="$log_file" \
        -cp "$libs/*" kafka.Kafka "$props" \
        </dev/null >>"$jvm_out" 2>&1 9>&- &
    printf '%s\n' "$!" >"$pid_file"
}

wait_ready() {
    local deadline=$((SECONDS + start_timeout)) pid
    pid=$(cat "$pid_file")
    while ((SECONDS < deadline)); do
        kill -0 "$pid" 2>/dev/null || { show_logs; die "broker exited during startup"; }
        # The log line is cheap to check; a TopicCommand JVM is not, and on two cores it
        # would slow the broker's own startup.
        if grep -qF 'Kafka Server started' "$log_file" 2>/dev/null \
                && port_open "$port" && broker_lists_topics; then
            return 0
        fi
        sleep 0.5
    done
    show_logs
    stop_broker
    die "broker not ready after ${start_timeout} s (stopped it; logs above, full logs in $state)"
}

# start/stop/restart hold a lock on the state dir, so two callers (say, two test runs at once)
# never launch two brokers or stop one that is starting.
with_lock() {
    mkdir -p "$state"
    exec 9>"$state/.lock"
    flock -w 120 9 || die "timed out waiting for the lock on $state/.lock"
    "$@"
}

cmd_start() {
    local pid
    if pid=$(running_pid); then
        say "already running (pid $pid) on $bootstrap"
        return 0
    fi
    rm -f "$pid_file"
    if port_open "$port" || port_open "$controller_port"; then
        die "port $port or $controller_port is in use by another process; set SIFT_KAFKA_PORT / SIFT_KAFKA_CONTROLLER_PORT"
    fi
    command -v java >/dev/null || die "java not found"
    ensure_jars
    write_config
    ensure_formatted
    local started=$SECONDS
    rotate_logs
    launch_jvm
    wait_ready
    say "running (pid $(cat "$pid_file")) on $bootstrap, ready in $((SECONDS - started)) s; logs in $state"
}

stop_broker() {
    local pid
    if ! pid=$(running_pid); then
        rm -f "$pid_file"
        say "not running"
        return 0
    fi
    kill -TERM "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + stop_timeout))
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do
        sleep 0.2
    done
    if kill -0 "$pid" 2>/dev/null; then
        say "still running after ${stop_timeout} s: SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
        while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
    fi
    rm -f "$pid_file"
    say "stopped (pid $pid)"
}

cmd_status() {
    local pid
    if pid=$(running_pid); then
        echo "running (pid $pid) on $bootstrap"
    else
        echo "not running"
        return 1
    fi
}

require_running() {
    running_pid >/dev/null || die "broker not running (scripts/kafka-local.sh start)"
}

# ---------------------------------------------------------------- client helpers

cmd_topics() {
    require_running
    local topic_cmd=(kafka_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$bootstrap")
    case ${1:-} in
        create)
            [[ $# -eq 3 ]] || die "usage: topics create NAME PARTITIONS"
            "${topic_cmd[@]}" --create --if-not-exists --topic "$2" --partitions "$3" \
                --replication-factor 1 ;;
        list) "${topic_cmd[@]}" --list ;;
        delete)
            [[ $# -eq 2 ]] || die "usage: topics delete NAME"
            "${topic_cmd[@]}" --delete --if-exists --topic "$2" ;;
        describe) "${topic_cmd[@]}" --describe ${2:+--topic "$2"} ;;
        recreate)
            [[ $# -ge 3 ]] || die "usage: topics recreate PARTITIONS NAME..."
            shift
            kafka_tool "$script_dir/kafka/RecreateTopics.java" "$bootstrap" "$@" ;;
        *) die "usage: topics create NAME PARTITIONS | recreate PARTITIONS NAME... | list | delete NAME | describe [NAME]" ;;
    esac
}

cmd_produce_files() {
    [[ $# -eq 1 ]] || die "usage: produce-files TOPIC < lines of PATH or KEY<TAB>PATH"
    require_running
    kafka_tool "$script_dir/kafka/ProduceFiles.java" "$bootstrap" "$1"
}

cmd_consume() {
    [[ $# -ge 1 && $# -le 3 ]] || die "usage: consume TOPIC [MAX_MESSAGES [TIMEOUT_MS]]"
    require_running
    # The consumer exits after MAX messages, or TIMEOUT_MS without a new one (it then
    # reports a TimeoutException on stderr, which is not an error here).
    kafka_tool org.apache.kafka.tools.consumer.ConsoleConsumer --bootstrap-server "$bootstrap" \
        --topic "$1" --from-beginning --max-messages "${2:-10}" --timeout-ms "${3:-15000}"
}

usage() {
    sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'
}

main() {
    local cmd=${1:-}
    [[ $# -gt 0 ]] && shift
    case $cmd in
        start) with_lock cmd_start ;;
        stop) with_lock stop_broker ;;
        restart) with_lock stop_broker; cmd_start ;;
        status) cmd_status ;;
        bootstrap) echo "$bootstrap" ;;
        ping) jars_present && port_open "$port" && broker_lists_topics ;;
        fetch) ensure_jars ;;
        topics) cmd_topics "$@" ;;
        produce-files) cmd_produce_files "$@" ;;
        consume) cmd_consume "$@" ;;
        tool)
            [[ $# -ge 1 ]] || die "usage: tool CLASS [ARGS...]"
            jars_present || die "no jars yet (scripts/kafka-local.sh start, or fetch)"
            kafka_tool "$@" ;;
        -h|--help|help) usage ;;
        *) usage >&2; exit 2 ;;
    esac
}

main "$@"
