#!/usr/bin/env bash
# Run a local Neo4j Community server for development and tests, without Docker.
#
#   scripts/neo4j.sh start|stop|status|restart|logs [-f]|version
#   scripts/neo4j.sh import ARGS...   (stop, neo4j-admin database import full, start)
#
# The server jars come from Maven Central (version in scripts/neo4j.version) and
# are cached under ${CONVENE_CACHE_DIR:-$HOME/.cache/convene}; the server's
# config, data, logs and pid live under ${CONVENE_DATA_DIR:-./.convene}/neo4j.
# See scripts/README.md.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly SCRIPT_DIR
readonly MAIN_CLASS=org.neo4j.server.CommunityEntryPoint
readonly ADMIN_CLASS=org.neo4j.cli.AdminTool
readonly DEPENDENCY_PLUGIN=org.apache.maven.plugins:maven-dependency-plugin:3.6.1

NEO4J_VERSION="$(tr -d '[:space:]' <"$SCRIPT_DIR/neo4j.version")"
readonly NEO4J_VERSION

BOLT_PORT="${NEO4J_BOLT_PORT:-7687}"
HTTP_PORT="${NEO4J_HTTP_PORT:-7474}"
PASSWORD="${NEO4J_PASSWORD:-convene-dev-password}"
HEAP_SIZE="${NEO4J_HEAP_SIZE:-1g}"
PAGECACHE_SIZE="${NEO4J_PAGECACHE_SIZE:-512m}"
START_TIMEOUT="${NEO4J_START_TIMEOUT:-120}"
STOP_TIMEOUT="${NEO4J_STOP_TIMEOUT:-60}"

absolute() {
    case "$1" in
        /*) printf '%s\n' "$1" ;;
        *) printf '%s\n' "$PWD/${1#./}" ;;
    esac
}

DIST_DIR="$(absolute "${CONVENE_CACHE_DIR:-$HOME/.cache/convene}")/neo4j-$NEO4J_VERSION"
HOME_DIR="$(absolute "${CONVENE_NEO4J_HOME:-${CONVENE_DATA_DIR:-./.convene}/neo4j}")"
readonly DIST_DIR HOME_DIR
readonly LIB_DIR="$DIST_DIR/lib"
readonly LIB_MANIFEST="$DIST_DIR/lib.manifest"
readonly CONF_DIR="$HOME_DIR/conf"
readonly LOGS_DIR="$HOME_DIR/logs"
readonly RUN_DIR="$HOME_DIR/run"
readonly PID_FILE="$RUN_DIR/neo4j.pid"

say() { printf '%s\n' "$*" >&2; }
die() {
    say "neo4j.sh: $*"
    exit 1
}

check_settings() {
    [[ "$NEO4J_VERSION" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] \
        || die "scripts/neo4j.version must hold a version such as 5.26.30, not '$NEO4J_VERSION'"
    local port
    for port in "$BOLT_PORT" "$HTTP_PORT"; do
        if ! [[ "$port" =~ ^[0-9]+$ ]] || ((port < 1 || port > 65535)); then
            die "invalid port '$port'"
        fi
    done
    [[ "$BOLT_PORT" != "$HTTP_PORT" ]] || die "NEO4J_BOLT_PORT and NEO4J_HTTP_PORT must differ"
    # Neo4j refuses passwords shorter than dbms.security.auth_minimum_password_length (8).
    ((${#PASSWORD} >= 8)) || die "NEO4J_PASSWORD must be at least 8 characters long"
}

process_args() {
    if [[ -r "/proc/$1/cmdline" ]]; then
        tr '\0' ' ' <"/proc/$1/cmdline"
    else
        ps -ww -o args= -p "$1" 2>/dev/null || true
    fi
}

# The pid of our server if it is running, else nothing. A pid whose process is
# gone, or now belongs to some other program, does not count.
running_pid() {
    [[ -f "$PID_FILE" ]] || return 0
    local pid
    pid="$(tr -d '[:space:]' <"$PID_FILE")"
    [[ "$pid" =~ ^[0-9]+$ ]] || return 0
    kill -0 "$pid" 2>/dev/null || return 0
    local args
    args="$(process_args "$pid")"
    if [[ "$args" == *"$MAIN_CLASS"*"--home-dir=$HOME_DIR"* ]]; then
        printf '%s\n' "$pid"
    fi
}

clean_stale_pid_file() {
    if [[ -f "$PID_FILE" && -z "$(running_pid)" ]]; then
        say "Removing stale pid file $PID_FILE"
        rm -f "$PID_FILE"
    fi
}

# A configured value from the generated neo4j.conf, so that status and logs
# report the ports the running server was started with.
conf_value() {
    [[ -f "$CONF_DIR/neo4j.conf" ]] || return 0
    sed -n "s/^$1=//p" "$CONF_DIR/neo4j.conf" | tail -n 1
}

running_bolt_port() {
    local address
    address="$(conf_value server.bolt.listen_address)"
    printf '%s\n' "${address##*:}"
}

port_open() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

with_lock() {
    mkdir -p "$RUN_DIR"
    if command -v flock >/dev/null; then
        exec 9>"$RUN_DIR/neo4j.sh.lock"
        flock -w "$((STOP_TIMEOUT + START_TIMEOUT))" 9 || die "another neo4j.sh is busy with $HOME_DIR"
    fi
    "$@"
}

fetch_distribution() {
    if [[ -f "$LIB_MANIFEST" ]]; then
        local jar complete=1
        while IFS= read -r jar; do
            [[ -f "$LIB_DIR/$jar" ]] || complete=0
        done <"$LIB_MANIFEST"
        if ((complete)); then
            return 0
        fi
        say "The cached Neo4j $NEO4J_VERSION in $DIST_DIR is incomplete; fetching it again"
    fi
    command -v mvn >/dev/null || die "Maven (mvn) is needed once to fetch Neo4j $NEO4J_VERSION"
    say "Fetching Neo4j Community $NEO4J_VERSION from Maven Central into $DIST_DIR ..."
    mkdir -p "$DIST_DIR"
    # org.neo4j:neo4j holds the Community edition and its entry point;
    # neo4j-server adds the Bolt and HTTP connectors. Their dependencies include
    # Lucene with its analyzers, which the full-text indexes need.
    cat >"$DIST_DIR/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>convene.local</groupId>
  <artifactId>neo4j-community-runtime</artifactId>
  <version>$NEO4J_VERSION</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.neo4j</groupId>
      <artifactId>neo4j</artifactId>
      <version>$NEO4J_VERSION</version>
    </dependency>
    <dependency>
      <groupId>org.neo4j.app</groupId>
      <artifactId>neo4j-server</artifactId>
      <version>$NEO4J_VERSION</version>
    </dependency>
  </dependencies>
</project>
EOF
    rm -rf "$DIST_DIR/lib.partial"
    if ! mvn -q -B -f "$DIST_DIR/pom.xml" "$DEPENDENCY_PLUGIN:copy-dependencies" \
        -DincludeScope=runtime -DoutputDirectory="$DIST_DIR/lib.partial" \
        >"$DIST_DIR/maven.log" 2>&1; then
        tail -n 40 "$DIST_DIR/maven.log" >&2
        die "Maven could not fetch Neo4j $NEO4J_VERSION (full output in $DIST_DIR/maven.log)"
    fi
    [[ -f "$DIST_DIR/lib.partial/neo4j-$NEO4J_VERSION.jar" ]] \
        || die "Maven finished but neo4j-$NEO4J_VERSION.jar is missing from $DIST_DIR/lib.partial"
    rm -rf "$LIB_DIR"
    mv "$DIST_DIR/lib.partial" "$LIB_DIR"
    (cd "$LIB_DIR" && ls -1 -- *.jar) >"$LIB_MANIFEST"
    say "Fetched $(wc -l <"$LIB_MANIFEST" | tr -d ' ') jars"
}

java_command() {
    local java="java"
    if [[ -n "${JAVA_HOME:-}" ]]; then
        java="$JAVA_HOME/bin/java"
    fi
    command -v "$java" >/dev/null || die "Java 17 or 21 is needed (no '$java' found)"
    local major
    major="$("$java" -XshowSettings:properties -version 2>&1 \
        | sed -n 's/^ *java\.specification\.version = //p')"
    if ! [[ "$major" =~ ^[0-9]+$ ]] || ((major < 17)); then
        die "Neo4j $NEO4J_VERSION needs Java 17 or 21, but '$java' is Java ${major:-unknown}"
    fi
    printf '%s\n' "$java"
}

write_config() {
    mkdir -p "$CONF_DIR" "$HOME_DIR/data" "$LOGS_DIR" "$RUN_DIR" "$HOME_DIR/import" "$HOME_DIR/plugins"
    cat >"$CONF_DIR/neo4j.conf" <<EOF
# Generated by scripts/neo4j.sh on every start; edit the script, not this file.
server.default_listen_address=127.0.0.1
server.default_advertised_address=127.0.0.1
server.bolt.enabled=true
server.bolt.listen_address=127.0.0.1:$BOLT_PORT
server.bolt.advertised_address=127.0.0.1:$BOLT_PORT
server.bolt.tls_level=DISABLED
server.http.enabled=true
server.http.listen_address=127.0.0.1:$HTTP_PORT
server.http.advertised_address=127.0.0.1:$HTTP_PORT
server.https.enabled=false
dbms.security.auth_enabled=true
dbms.usage_report.enabled=false
server.memory.heap.initial_size=$HEAP_SIZE
server.memory.heap.max_size=$HEAP_SIZE
server.memory.pagecache.size=$PAGECACHE_SIZE
db.tx_log.rotation.retention_policy=100M size
# Bolt otherwise idles 2 x 5 s on shutdown after the databases have stopped.
internal.dbms.bolt.netty_server_shutdown_quiet_period=0
internal.server.bolt.thread_pool_shutdown_wait_time=1s
EOF
}

# The password is written the way `neo4j-admin dbms set-initial-password` does
# (data/dbms/auth.ini), by running that same command from the Maven jars. The
# server reads the file only when it creates its system database, so this runs
# once, before the first start.
set_initial_password() {
    local java="$1"
    if [[ -d "$HOME_DIR/data/databases/system" ]]; then
        return 0
    fi
    say "Setting the initial password of user neo4j"
    NEO4J_HOME="$HOME_DIR" NEO4J_CONF="$CONF_DIR" \
        "$java" -cp "$LIB_DIR/*" "$ADMIN_CLASS" dbms set-initial-password "$PASSWORD" \
        >>"$LOGS_DIR/admin.log" 2>&1 \
        || {
            tail -n 40 "$LOGS_DIR/admin.log" >&2
            die "could not set the initial password (see $LOGS_DIR/admin.log)"
        }
}

jvm_options() {
    # The JVM flags of the Neo4j distribution's default neo4j.conf, less the
    # ones that slow startup (-XX:+AlwaysPreTouch) or only help profiling.
    printf '%s\n' \
        "-Xms$HEAP_SIZE" "-Xmx$HEAP_SIZE" \
        -XX:+UseG1GC -XX:-OmitStackTraceInFastThrow -XX:+ExitOnOutOfMemoryError \
        -XX:+UnlockExperimentalVMOptions -XX:+TrustFinalNonStaticFields -XX:+DisableExplicitGC \
        -Djdk.nio.maxCachedBufferSize=1024 -Dio.netty.tryReflectionSetAccessible=true \
        -Djdk.tls.ephemeralDHKeySize=2048 -Djdk.tls.rejectClientInitiatedRenegotiation=true \
        --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED \
        --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --enable-native-access=ALL-UNNAMED \
        -Dlog4j2.disable.jmx=true -Dfile.encoding=UTF-8
}

show_logs_tail() {
    local log
    for log in "$LOGS_DIR/console.log" "$LOGS_DIR/neo4j.log"; do
        if [[ -s "$log" ]]; then
            say "--- last 40 lines of $log ---"
            tail -n 40 "$log" >&2
        fi
    done
}

print_exports() {
    printf 'export NEO4J_URI=bolt://127.0.0.1:%s NEO4J_USER=neo4j NEO4J_PASSWORD=%q\n' "$1" "$PASSWORD"
}

# The server keeps the password it was first started with; say so plainly when
# NEO4J_PASSWORD has changed since, rather than let clients fail later.
check_password() {
    local port="$1"
    command -v curl >/dev/null || return 0
    local http_port code
    http_port="$(conf_value server.http.listen_address)"
    http_port="${http_port##*:}"
    # The credentials go through standard input, not the command line that ps shows.
    local escaped="${PASSWORD//\\/\\\\}"
    escaped="${escaped//\"/\\\"}"
    code="$(printf 'user = "neo4j:%s"\n' "$escaped" \
        | curl -s -K - -o /dev/null -w '%{http_code}' \
            -H 'Content-Type: application/json' -d '{"statements":[]}' \
            "http://127.0.0.1:$http_port/db/neo4j/tx/commit" || true)"
    if [[ "$code" == 401 ]]; then
        die "Neo4j is running on bolt://127.0.0.1:$port, but NEO4J_PASSWORD is not its password." \
            "The password is fixed when the data is first created; stop the server and delete" \
            "$HOME_DIR/data to start afresh with the new one."
    fi
}

start() {
    local pid port
    pid="$(running_pid)"
    if [[ -n "$pid" ]]; then
        port="$(running_bolt_port)"
        say "Neo4j is already running (pid $pid) on bolt://127.0.0.1:$port"
        check_password "$port"
        print_exports "$port"
        return 0
    fi
    clean_stale_pid_file
    for port in "$BOLT_PORT" "$HTTP_PORT"; do
        if port_open "$port"; then
            die "port $port on 127.0.0.1 is already in use by another program"
        fi
    done

    fetch_distribution
    local java
    java="$(java_command)"
    write_config
    set_initial_password "$java"

    local -a options
    mapfile -t options < <(jvm_options)
    local started=$SECONDS
    say "Starting Neo4j $NEO4J_VERSION (logs in $LOGS_DIR)"
    printf '\n=== %s start ===\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" >>"$LOGS_DIR/console.log"
    # 9>&-: the server must not inherit (and so keep holding) this script's lock.
    nohup "$java" "${options[@]}" -cp "$LIB_DIR/*" "$MAIN_CLASS" \
        --home-dir="$HOME_DIR" --config-dir="$CONF_DIR" \
        </dev/null >>"$LOGS_DIR/console.log" 2>&1 9>&- &
    pid=$!
    printf '%s\n' "$pid" >"$PID_FILE"

    # Bolt opens first and HTTP last, just before the server reports "Started".
    until port_open "$BOLT_PORT" && port_open "$HTTP_PORT"; do
        if ! kill -0 "$pid" 2>/dev/null; then
            printf '\n' >&2
            rm -f "$PID_FILE"
            show_logs_tail
            die "Neo4j exited during startup"
        fi
        if ((SECONDS - started >= START_TIMEOUT)); then
            printf '\n' >&2
            show_logs_tail
            stop_server >/dev/null 2>&1 || true
            die "Neo4j did not answer on port $BOLT_PORT within $START_TIMEOUT s; stopped it"
        fi
        printf '.' >&2
        sleep 1
    done
    printf '\n' >&2
    say "Neo4j $NEO4J_VERSION is running (pid $pid), started in $((SECONDS - started)) s"
    check_password "$BOLT_PORT"
    print_exports "$BOLT_PORT"
}

stop_server() {
    local pid
    pid="$(running_pid)"
    if [[ -z "$pid" ]]; then
        clean_stale_pid_file
        say "Neo4j is not running"
        return 0
    fi
    local started=$SECONDS
    say "Stopping Neo4j (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do
        if ((SECONDS - started >= STOP_TIMEOUT)); then
            printf '\n' >&2
            say "Neo4j did not stop within $STOP_TIMEOUT s; killing it"
            kill -KILL "$pid" 2>/dev/null || true
            sleep 1
            break
        fi
        printf '.' >&2
        sleep 1
    done
    printf '\n' >&2
    rm -f "$PID_FILE"
    say "Neo4j stopped after $((SECONDS - started)) s"
}

status() {
    local pid
    pid="$(running_pid)"
    if [[ -n "$pid" ]]; then
        printf 'running (pid %s) bolt://127.0.0.1:%s\n' "$pid" "$(running_bolt_port)"
        return 0
    fi
    printf 'stopped\n'
    return 3
}

logs() {
    local log="$LOGS_DIR/neo4j.log"
    [[ -f "$log" ]] || die "no log yet at $log"
    if [[ "${1:-}" == "-f" ]]; then
        exec tail -n 100 -f "$log"
    fi
    tail -n 100 "$log"
}

# Replace the default database with the CSV files named by ARGS (the arguments of
# `neo4j-admin database import full`), stopping the server first if it runs and
# starting it again afterwards on the ports it had. The importer's output goes to
# logs/import.log and its report of bad entries to logs/import.report (not the working
# folder); on failure its last lines are shown and the server is started again all the
# same.
import_full() {
    local was_running=0
    if [[ -n "$(running_pid)" ]]; then
        was_running=1
        if [[ -z "${NEO4J_BOLT_PORT:-}" ]]; then
            BOLT_PORT="$(running_bolt_port)"
        fi
        if [[ -z "${NEO4J_HTTP_PORT:-}" ]]; then
            HTTP_PORT="$(conf_value server.http.listen_address)"
            HTTP_PORT="${HTTP_PORT##*:}"
        fi
        stop_server
    fi
    fetch_distribution
    local java
    java="$(java_command)"
    write_config
    set_initial_password "$java"
    mkdir -p "$LOGS_DIR"
    printf '\n=== %s import ===\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" >>"$LOGS_DIR/import.log"
    say "Importing into the neo4j database (log in $LOGS_DIR/import.log)"
    local status=0
    NEO4J_HOME="$HOME_DIR" NEO4J_CONF="$CONF_DIR" \
        "$java" -cp "$LIB_DIR/*" "$ADMIN_CLASS" database import full neo4j \
        --overwrite-destination=true --report-file="$LOGS_DIR/import.report" "$@" \
        >>"$LOGS_DIR/import.log" 2>&1 || status=$?
    if ((status != 0)); then
        tail -n 40 "$LOGS_DIR/import.log" >&2
        say "neo4j.sh: the import failed (exit $status; see $LOGS_DIR/import.log)"
    fi
    if ((was_running)); then
        start
    fi
    return "$status"
}

usage() {
    say "usage: $(basename "$0") start|stop|status|restart|logs [-f]|version|import ARGS..."
    exit 2
}

main() {
    (($# >= 1)) || usage
    local command="$1"
    shift
    case "$command" in
        start)
            check_settings
            with_lock start
            ;;
        stop) with_lock stop_server ;;
        restart)
            check_settings
            with_lock stop_server
            with_lock start
            ;;
        import)
            check_settings
            with_lock import_full "$@"
            ;;
        status) status ;;
        logs) logs "$@" ;;
        version) printf '%s\n' "$NEO4J_VERSION" ;;
        *) usage ;;
    esac
}

main "$@"
