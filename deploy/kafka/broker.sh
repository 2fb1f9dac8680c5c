#!/usr/bin/env bash
# Runs one local Apache Kafka broker (KRaft, combined broker+controller) for figwatch dev and tests.
#
# Usage: deploy/kafka/broker.sh fetch|start|stop|restart|status
#
#   fetch    resolve the broker jars from Maven Central into the cache (once)
#   start    format storage if needed, start the broker, wait until it serves clients;
#            the last line on stdout is the bootstrap address (127.0.0.1:PORT)
#   stop     SIGTERM, then SIGKILL after KAFKA_STOP_TIMEOUT seconds
#   restart  stop, then start on the same data dir and port without reformatting
#   status   prints "running 127.0.0.1:PORT" (exit 0) or "stopped [127.0.0.1:PORT]" (exit 3)
#
# Environment:
#   KAFKA_VERSION          broker version (default 3.9.2)
#   FIGWATCH_CACHE_DIR     jar cache root (default ~/.cache/figwatch); jars go to kafka-<version>/libs
#   KAFKA_DATA_DIR         storage, config, pid and log files (default ./var/kafka)
#   KAFKA_PORT             client port on 127.0.0.1 (default 9092); 0 or "auto" picks a free one,
#                          reusing the data dir's previous port when that one is still free
#   KAFKA_CONTROLLER_PORT  KRaft controller port (default: the data dir's previous one, else free)
#   KAFKA_HEAP_OPTS        JVM heap (default -Xms128m -Xmx512m)
#   KAFKA_START_TIMEOUT    seconds to wait for the broker to serve clients (default 120)
#   KAFKA_STOP_TIMEOUT     seconds to wait after SIGTERM before SIGKILL (default 30)
set -euo pipefail

readonly SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly REPO_DIR="$(cd "$SCRIPT_DIR/../.." && pwd)"
readonly KAFKA_VERSION="${KAFKA_VERSION:-3.9.2}"
readonly CACHE_DIR="${FIGWATCH_CACHE_DIR:-$HOME/.cache/figwatch}/kafka-$KAFKA_VERSION"
readonly LIBS_DIR="$CACHE_DIR/libs"
readonly START_TIMEOUT="${KAFKA_START_TIMEOUT:-120}"
readonly STOP_TIMEOUT="${KAFKA_STOP_TIMEOUT:-30}"

# Absolute, so the paths written into server.properties hold whatever the broker's cwd is.
DATA_DIR="$(realpath -m "${KAFKA_DATA_DIR:-./var/kafka}")"
readonly DATA_DIR
readonly LOG_DIR="$DATA_DIR/kraft-logs"
readonly PROPS_FILE="$DATA_DIR/server.properties"
readonly PID_FILE="$DATA_DIR/broker.pid"
readonly PORT_FILE="$DATA_DIR/broker.port"
readonly CONTROLLER_PORT_FILE="$DATA_DIR/controller.port"
readonly CLUSTER_ID_FILE="$DATA_DIR/cluster.id"
readonly BROKER_LOG="$DATA_DIR/broker.log"

if [[ -x "$REPO_DIR/.venv/bin/python" ]]; then
    PYTHON="$REPO_DIR/.venv/bin/python"
else
    PYTHON="python3"
fi
readonly PYTHON

log() { echo "broker.sh: $*" >&2; }
die() { log "$*"; exit 1; }

# The marker is written last, so an interrupted fetch is redone rather than trusted.
jars_present() { [[ -f "$LIBS_DIR/.complete" ]]; }

cmd_fetch() {
    if jars_present; then
        log "Kafka $KAFKA_VERSION jars already in $LIBS_DIR"
        return 0
    fi
    command -v mvn >/dev/null || die "mvn not found: install Maven to fetch the Kafka jars"
    mkdir -p "$CACHE_DIR"
    local staging
    staging="$(mktemp -d "$CACHE_DIR/libs.XXXXXX")"
    log "resolving org.apache.kafka:kafka_2.13:$KAFKA_VERSION into $LIBS_DIR"
    if ! mvn -B -q -Dstyle.color=never -f "$SCRIPT_DIR/pom.xml" \
        -Dkafka.version="$KAFKA_VERSION" \
        dependency:copy-dependencies -DoutputDirectory="$staging" >&2; then
        rm -rf "$staging"
        die "maven could not resolve Kafka $KAFKA_VERSION"
    fi
    [[ -f "$staging/kafka_2.13-$KAFKA_VERSION.jar" ]] || {
        rm -rf "$staging"
        die "maven finished but kafka_2.13-$KAFKA_VERSION.jar is missing"
    }
    rm -rf "$LIBS_DIR"
    mv "$staging" "$LIBS_DIR"
    touch "$LIBS_DIR/.complete"
    log "fetched $(find "$LIBS_DIR" -name '*.jar' | wc -l) jars ($(du -sh "$LIBS_DIR" | cut -f1))"
}

free_port() {
    "$PYTHON" -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()'
}

port_is_free() {
    # SO_REUSEADDR: sockets of clients of the stopped broker linger in TIME_WAIT on this port;
    # the broker binds with the same option, so they do not keep it from reusing the port.
    "$PYTHON" -c 'import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(1)
finally:
    s.close()' "$1"
}

# Picks the port for a listener: an explicit number wins; otherwise the data dir keeps the
# port it had, so clients of a restarted broker reconnect to the same address.
choose_port() {
    local requested="$1" remembered_file="$2"
    if [[ -n "$requested" && "$requested" != "0" && "$requested" != "auto" ]]; then
        [[ "$requested" =~ ^[0-9]+$ ]] || die "not a port number: $requested"
        echo "$requested"
    elif [[ -f "$remembered_file" ]] && port_is_free "$(<"$remembered_file")"; then
        cat "$remembered_file"
    else
        [[ -f "$remembered_file" ]] \
            && log "port $(<"$remembered_file") is taken now; clients must use the new address"
        free_port
    fi
}

running_pid() {
    [[ -f "$PID_FILE" ]] || return 1
    local pid
    pid="$(<"$PID_FILE")"
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    # A recycled pid that now belongs to another program must not count as the broker.
    [[ -r "/proc/$pid/cmdline" ]] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q 'kafka\.Kafka' \
        || return 1
    echo "$pid"
}

address() { echo "127.0.0.1:$(<"$PORT_FILE")"; }

# kill -0 succeeds on a zombie, and a broker that dies during start stays one until we exit.
alive() {
    local stat
    stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
    stat="${stat##*) }"
    [[ "${stat%% *}" != "Z" ]]
}

serves_clients() {
    local addr="$1"
    if "$PYTHON" -c 'import kafka' 2>/dev/null; then
        timeout 15 "$PYTHON" - "$addr" >/dev/null 2>&1 <<'PY'
import sys

from kafka import KafkaAdminClient

client = KafkaAdminClient(bootstrap_servers=sys.argv[1], request_timeout_ms=3000)
try:
    client.describe_cluster()
finally:
    client.close()
PY
    else
        # Without kafka-python, an open port after the broker's start message will do.
        (exec 3<>"/dev/tcp/127.0.0.1/${addr##*:}") 2>/dev/null
    fi
}

# $3 is the broker log's size before this start: older runs' lines must not pass the gate.
wait_until_serving() {
    local pid="$1" addr="$2" log_offset="${3:-0}" deadline=$((SECONDS + START_TIMEOUT))
    while ((SECONDS < deadline)); do
        if ! alive "$pid"; then
            tail -n 40 "$BROKER_LOG" >&2 || true
            rm -f "$PID_FILE"
            die "broker exited during start; full log: $BROKER_LOG"
        fi
        # The log line is a cheap gate before paying for a Python client start.
        if tail -c "+$((log_offset + 1))" "$BROKER_LOG" 2>/dev/null | grep -q 'Kafka Server started' \
            && serves_clients "$addr"; then
            return 0
        fi
        sleep 0.5
    done
    tail -n 40 "$BROKER_LOG" >&2 || true
    die "broker did not serve clients within ${START_TIMEOUT}s; log: $BROKER_LOG (still running, pid $pid)"
}

write_config() {
    local port controller_port
    port="$(choose_port "${KAFKA_PORT:-9092}" "$PORT_FILE")"
    controller_port="$(choose_port "${KAFKA_CONTROLLER_PORT:-auto}" "$CONTROLLER_PORT_FILE")"
    [[ "$port" != "$controller_port" ]] || controller_port="$(free_port)"
    echo "$port" >"$PORT_FILE"
    echo "$controller_port" >"$CONTROLLER_PORT_FILE"
    sed -e "s|@PORT@|$port|g" -e "s|@CONTROLLER_PORT@|$controller_port|g" \
        -e "s|@LOG_DIR@|$LOG_DIR|g" "$SCRIPT_DIR/server.properties.template" >"$PROPS_FILE"
}

format_storage() {
    if [[ -f "$LOG_DIR/meta.properties" ]]; then
        return 0
    fi
    if [[ ! -f "$CLUSTER_ID_FILE" ]]; then
        # Kafka cluster ids are 16 random bytes in unpadded URL-safe base64.
        # One in 64 starts with "-", which the storage tool's argument parser
        # takes for an option; Kafka's own generator draws again, so do we.
        "$PYTHON" -c 'import base64, uuid
while (cid := base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")).startswith("-"):
    pass
print(cid)' >"$CLUSTER_ID_FILE"
    fi
    log "formatting KRaft storage in $LOG_DIR"
    java -cp "$LIBS_DIR/*" -Dlog4j.configuration="file:$SCRIPT_DIR/log4j.properties" \
        kafka.tools.StorageTool format --ignore-formatted \
        -t "$(<"$CLUSTER_ID_FILE")" -c "$PROPS_FILE" >>"$BROKER_LOG" 2>&1 \
        || { tail -n 20 "$BROKER_LOG" >&2; die "storage format failed"; }
}

cmd_start() {
    command -v java >/dev/null || die "java not found: Kafka $KAFKA_VERSION needs Java 11 or newer"
    cmd_fetch
    mkdir -p "$DATA_DIR"
    # Two starts on one data dir (parallel test sessions) must not launch two JVMs.
    exec 9>"$DATA_DIR/.lock"
    flock 9
    local pid
    if pid="$(running_pid)"; then
        wait_until_serving "$pid" "$(address)"
        address
        return 0
    fi
    write_config
    format_storage
    local addr
    addr="$(address)"
    local log_offset=0
    [[ -f "$BROKER_LOG" ]] && log_offset="$(stat -c %s "$BROKER_LOG")"
    log "starting Kafka $KAFKA_VERSION on $addr (data: $DATA_DIR)"
    # setsid keeps the broker out of the caller's process group, so Ctrl-C in a test run does
    # not kill it before the fixture's own stop; the inner shell records the JVM's real pid.
    # shellcheck disable=SC2086 # KAFKA_HEAP_OPTS holds several JVM flags on purpose
    setsid bash -c 'echo $$ >"$0"; exec "$@"' "$PID_FILE" \
        java ${KAFKA_HEAP_OPTS:--Xms128m -Xmx512m} \
        -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true \
        -Dlog4j.configuration="file:$SCRIPT_DIR/log4j.properties" \
        -Dkafka.logs.dir="$DATA_DIR" \
        -cp "$LIBS_DIR/*" kafka.Kafka "$PROPS_FILE" \
        >>"$BROKER_LOG" 2>&1 </dev/null 9>&- &
    local launcher=$!
    local tries=0
    until [[ -s "$PID_FILE" ]]; do
        ((++tries < 100)) || die "broker launcher did not record a pid"
        sleep 0.05
    done
    pid="$(<"$PID_FILE")"
    [[ "$pid" == "$launcher" ]] || log "note: broker pid $pid differs from launcher pid $launcher"
    wait_until_serving "$pid" "$addr" "$log_offset"
    log "broker serving on $addr (pid $pid)"
    echo "$addr"
}

cmd_stop() {
    local pid
    if ! pid="$(running_pid)"; then
        rm -f "$PID_FILE"
        log "not running"
        return 0
    fi
    log "stopping broker pid $pid"
    kill -TERM "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + STOP_TIMEOUT))
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do
        sleep 0.2
    done
    if kill -0 "$pid" 2>/dev/null; then
        log "still running after ${STOP_TIMEOUT}s, sending SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
        while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
    fi
    rm -f "$PID_FILE"
    log "stopped"
}

cmd_status() {
    local addr=""
    [[ -f "$PORT_FILE" ]] && addr="$(address)"
    if running_pid >/dev/null; then
        echo "running $addr"
    else
        echo "stopped${addr:+ $addr}"
        return 3
    fi
}

main() {
    case "${1:-}" in
        fetch) cmd_fetch ;;
        start) cmd_start ;;
        stop) cmd_stop ;;
        restart) cmd_stop && cmd_start ;;
        status) cmd_status ;;
        *)
            sed -n '2,22s/^# \{0,1\}//p' "${BASH_SOURCE[0]}" >&2
            exit 2
            ;;
    esac
}

main "$@"
