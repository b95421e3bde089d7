#!/usr/bin/env bash
# local-cluster.sh up|down [PATH_TO_voiceagent]: three voiceagent nodes behind Kamailio on one
# throwaway PostgreSQL, all on loopback, for trying the scale-out and for the e2e tests
# (DESIGN.md "Contract details", Cluster). `up` starts PostgreSQL (initdb in the state dir),
# Kamailio (deploy/kamailio/voiceagent-lb.cfg, the three nodes in its dispatcher set) and
# node1..node3, waits until every node's /healthz answers 200 and Kamailio sees all three
# nodes up, prints
#   KAMAILIO_SIP=127.0.0.1:P  NODE1_HTTP=http://127.0.0.1:P ... NODE3_HTTP=...
#   NODE1_SIP=...  NODE1_PID=... (the voiceagent process itself)  DB_URL=postgresql://...
#   CLUSTER_DIR=... (state and logs)
# and returns 0 with everything running. `down` stops what `up` started and removes the
# state dir (VOICEAGENT_CLUSTER_KEEP=1 keeps the logs).
#
# Ports, all in [VOICEAGENT_CLUSTER_PORT_BASE (default 15000), base+500):
#   base+0 PostgreSQL, base+1 Kamailio (UDP), base+2 the AI simulator (when started here),
#   node k: SIP base+10k, HTTP base+10k+1, RTP base+100+130(k-1) .. +129.
# Every VOICEAGENT_* variable of the caller reaches every node (SUPERADMIN_PASSWORD,
# AI_GEMINI_URL, SIP_TRUNK_URI, ...), except the ones that must differ per node or point at
# this cluster: NODE_NAME, SIP_LISTEN, HTTP_LISTEN, RTP_PORT_MIN/MAX, DATA_DIR, DB_URL and
# SIP_TRUNK_OUTBOUND_PROXY (Kamailio: outbound calls go through it to the trunk).
# Defaults the caller may override: NODE_HEARTBEAT_S=1, NODE_DEAD_AFTER_S=5,
# SIP_TRUNK_REGISTER=false (Kamailio holds the trunk registration, docs/ARCHITECTURE.md),
# AI_SIMULATOR=off (the embedded simulator would listen outside the range). Without
# VOICEAGENT_AI_GEMINI_URL a `voiceagent sim` is started on base+2 (tone mode) and
# VOICEAGENT_AI_DEFAULT_KEY defaults to a key it accepts. Without VOICEAGENT_MASTER_KEY one is
# made (the nodes share it: they read each other's sealed keys).
# State: VOICEAGENT_CLUSTER_DIR (default ${TMPDIR:-/tmp}/voiceagent-cluster-BASE).
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
BASE=${VOICEAGENT_CLUSTER_PORT_BASE:-15000}
DIR=${VOICEAGENT_CLUSTER_DIR:-${TMPDIR:-/tmp}/voiceagent-cluster-$BASE}
PG_BIN=${VOICEAGENT_CLUSTER_PG_BIN:-/usr/lib/postgresql/15/bin}
NODES=3
KAM_PORT=$((BASE + 1))
SIM_PORT=$((BASE + 2))

die() { echo "local-cluster: $*" >&2; exit 1; }

find_binary() {
  local given=${1:-}
  for b in "$given" "${VOICEAGENT_BIN:-}" "$HERE/../build/src/app/voiceagent"; do
    if [ -n "$b" ] && [ -x "$b" ]; then echo "$(cd "$(dirname "$b")" && pwd)/$(basename "$b")"; return; fi
  done
  command -v voiceagent || die "no voiceagent binary: pass its path or build it"
}

as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

# Bounded wait: wait_for SECONDS WHAT COMMAND...
wait_for() {
  local limit=$1 what=$2
  shift 2
  local deadline=$((SECONDS + limit))
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || die "timed out after ${limit}s waiting for $what (logs in $DIR)"
    sleep 0.2
  done
}

# Starts a detached process; its pid (the program itself: setsid and env exec) goes to pids.
spawn() {
  local name=$1
  shift
  setsid "$@" </dev/null >"$DIR/$name.log" 2>&1 &
  echo "$name $!" >>"$DIR/pids"
  eval "PID_$name=$!"
}

node_port() { echo $((BASE + 10 * $1 + $2)); }  # node_port K 0 = SIP, K 1 = HTTP
rtp_min() { echo $((BASE + 100 + 130 * ($1 - 1))); }

# PostgreSQL's files in a dir of their own under /tmp: the state dir may sit inside a
# private (0700) dir that the postgres user, which initdb and pg_ctl run as under root, cannot
# enter. Its path is kept in the state dir for `down`.
start_postgres() {
  local pg
  pg=$(mktemp -d /tmp/voiceagent-cluster-pg.XXXXXX)
  echo "$pg" >"$DIR/pg_dir"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$pg"
  as_pg "$PG_BIN/initdb" -D "$pg/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
    >"$DIR/initdb.log" 2>&1 || die "initdb failed ($DIR/initdb.log)"
  as_pg "$PG_BIN/pg_ctl" -D "$pg/data" -l "$pg/server.log" -w -t 30 \
    -o "-p $BASE -h 127.0.0.1 -k $pg -c fsync=off -c synchronous_commit=off -c max_connections=100" \
    start >/dev/null || die "pg_ctl start failed ($pg/server.log)"
  DB_URL="postgresql://postgres@127.0.0.1:$BASE/postgres"
}

start_kamailio() {
  local k
  : >"$DIR/dispatcher.list"
  for ((k = 1; k <= NODES; k++)); do
    echo "1 sip:127.0.0.1:$(node_port $k 0) 0 0 name=node$k" >>"$DIR/dispatcher.list"
  done
  mkdir -p "$DIR/kamailio"
  spawn kamailio kamailio -f "$HERE/kamailio/voiceagent-lb.cfg" -DD -E -Y "$DIR/kamailio" \
    -A "LISTEN=udp:127.0.0.1:$KAM_PORT" -A "DSLIST=\"$DIR/dispatcher.list\"" \
    -A "CTLSOCK=\"unix:$DIR/kamailio/ctl.sock\"" -A "PING_FROM=\"sip:lb@127.0.0.1:$KAM_PORT\""
}

start_simulator() {
  spawn sim "$BIN" sim --listen "127.0.0.1:$SIM_PORT" --mode tone
  wait_for 20 "the AI simulator" grep -q "simulator listening on" "$DIR/sim.log"
  VOICEAGENT_AI_GEMINI_URL=$(grep -o 'ws://[^ ]*' "$DIR/sim.log" | head -n1)
  export VOICEAGENT_AI_GEMINI_URL
  export VOICEAGENT_AI_OPENAI_URL=${VOICEAGENT_AI_OPENAI_URL:-${VOICEAGENT_AI_GEMINI_URL%%/ws/*}/v1/realtime}
  export VOICEAGENT_AI_DEFAULT_KEY=${VOICEAGENT_AI_DEFAULT_KEY:-local-cluster-key}
}

start_node() {
  local k=$1
  mkdir -p "$DIR/node$k"
  spawn "node$k" env VOICEAGENT_NODE_NAME="node$k" \
    VOICEAGENT_SIP_LISTEN="127.0.0.1:$(node_port $k 0)" VOICEAGENT_SIP_PUBLIC_ADDRESS=127.0.0.1 \
    VOICEAGENT_HTTP_LISTEN="127.0.0.1:$(node_port $k 1)" \
    VOICEAGENT_RTP_PORT_MIN="$(rtp_min $k)" VOICEAGENT_RTP_PORT_MAX=$(($(rtp_min $k) + 129)) \
    VOICEAGENT_DATA_DIR="$DIR/node$k/data" VOICEAGENT_DB_URL="$DB_URL" \
    VOICEAGENT_SIP_TRUNK_OUTBOUND_PROXY="127.0.0.1:$KAM_PORT" "$BIN" serve
}

healthy() { curl -fs -o /dev/null --max-time 1 "$1/healthz"; }
all_nodes_up_in_kamailio() {
  [ "$(kamcmd -s "unix:$DIR/kamailio/ctl.sock" dispatcher.list 2>/dev/null | grep -c 'FLAGS: AP')" -ge $NODES ]
}

up() {
  BIN=$(find_binary "${1:-}")
  [ ! -e "$DIR/pids" ] || die "already up ($DIR/pids exists): run down first"
  command -v kamailio >/dev/null || die "kamailio is not installed"
  [ -x "$PG_BIN/initdb" ] || die "PostgreSQL 15 is not installed ($PG_BIN)"
  mkdir -p "$DIR"
  chmod 755 "$DIR"
  : >"$DIR/pids"
  trap 'rc=$?; [ $rc = 0 ] || { echo "local-cluster: up failed, stopping" >&2; down; }; exit $rc' EXIT
  export VOICEAGENT_NODE_HEARTBEAT_S=${VOICEAGENT_NODE_HEARTBEAT_S:-1}
  export VOICEAGENT_NODE_DEAD_AFTER_S=${VOICEAGENT_NODE_DEAD_AFTER_S:-5}
  export VOICEAGENT_SIP_TRUNK_REGISTER=${VOICEAGENT_SIP_TRUNK_REGISTER:-false}
  export VOICEAGENT_AI_SIMULATOR=${VOICEAGENT_AI_SIMULATOR:-off}
  export VOICEAGENT_AI_GEMINI_TTS_URL=${VOICEAGENT_AI_GEMINI_TTS_URL:-off}
  export VOICEAGENT_MASTER_KEY=${VOICEAGENT_MASTER_KEY:-$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')}
  if [ -z "${VOICEAGENT_SUPERADMIN_PASSWORD:-}" ]; then
    export VOICEAGENT_SUPERADMIN_PASSWORD="cluster-$(head -c 9 /dev/urandom | od -An -tx1 | tr -d ' \n')"
    echo "SUPERADMIN_PASSWORD=$VOICEAGENT_SUPERADMIN_PASSWORD"
  fi
  start_postgres
  [ -n "${VOICEAGENT_AI_GEMINI_URL:-}" ] || start_simulator
  start_kamailio
  # node1 first: it runs the migrations and creates the superadmin; then the others.
  start_node 1
  wait_for 60 "node1 /healthz" healthy "http://127.0.0.1:$(node_port 1 1)"
  local k
  for ((k = 2; k <= NODES; k++)); do start_node $k; done
  for ((k = 2; k <= NODES; k++)); do
    wait_for 60 "node$k /healthz" healthy "http://127.0.0.1:$(node_port $k 1)"
  done
  wait_for 20 "Kamailio to see every node up" all_nodes_up_in_kamailio
  echo "KAMAILIO_SIP=127.0.0.1:$KAM_PORT"
  for ((k = 1; k <= NODES; k++)); do
    echo "NODE${k}_HTTP=http://127.0.0.1:$(node_port $k 1)"
    echo "NODE${k}_SIP=127.0.0.1:$(node_port $k 0)"
    eval "echo NODE${k}_PID=\$PID_node$k"
  done
  echo "DB_URL=$DB_URL"
  echo "CLUSTER_DIR=$DIR"
}

# Stops one process: TERM, up to 15 s for a clean stop (its calls end), then KILL.
stop_pid() {
  local pid=$1 i
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < 75; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.2
  done
  kill -KILL "$pid" 2>/dev/null || true
}

down() {
  if [ -f "$DIR/pids" ]; then
    # Nodes first (their last records need the database), then the rest; newest first.
    local name pid
    while read -r name pid; do
      case $name in node*) stop_pid "$pid" ;; esac
    done < <(tac "$DIR/pids")
    while read -r name pid; do
      case $name in node*) ;; *) stop_pid "$pid" ;; esac
    done < <(tac "$DIR/pids")
  fi
  local pg
  pg=$(cat "$DIR/pg_dir" 2>/dev/null || true)
  if [ -n "$pg" ] && [ -d "$pg/data" ]; then
    as_pg "$PG_BIN/pg_ctl" -D "$pg/data" -m fast -w -t 20 stop >/dev/null 2>&1 || true
    cp "$pg/server.log" "$DIR/postgres.log" 2>/dev/null || true
    rm -rf "$pg"
  fi
  if [ "${VOICEAGENT_CLUSTER_KEEP:-0}" = 1 ]; then
    rm -f "$DIR/pids" "$DIR/pg_dir"
  else
    rm -rf "$DIR"
  fi
}

case ${1:-} in
  up) up "${2:-}" ;;
  down) down ;;
  *) die "usage: local-cluster.sh up|down [PATH_TO_voiceagent]" ;;
esac
