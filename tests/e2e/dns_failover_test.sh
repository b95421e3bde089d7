#!/usr/bin/env bash
# RFC 3263 end to end (issue 17): a dnsmasq started here on loopback serves NAPTR, SRV and A
# records for test.example; `voiceagent serve` has the trunk sip:test.example and
# VOICEAGENT_SIP_DNS_SERVERS pointing at it (T1 = 50 ms, so 64*T1 = 3.2 s).
#   1. Two SIPp targets, A (127.0.0.2, SRV priority 10) and B (127.0.0.3, priority 20):
#      registration and a call reach A; GET /api/sip/registration shows "target" A.
#   2. A stops answering (SIGSTOP): the next call fails over to B after Timer B (the time is
#      printed), and the registration's refresh fails over to B (target B in the API).
#   3. 1,000 lookups of a name whose SRV has weights 75/25 (same priority) through the real
#      resolver and locator (dns_locator_driver): the first target follows the weights within
#      5 sigma, and the TTL cache keeps the DNS queries to a handful (counts printed).
#   dns_failover_test.sh PATH_TO_voiceagent PATH_TO_dns_locator_driver   (KEEP_WORK=1 keeps)
source "$(dirname "$0")/lib/e2e.sh"
VOICEAGENT=${1:?usage: dns_failover_test.sh PATH_TO_voiceagent PATH_TO_dns_locator_driver}
DRIVER=${2:?usage: dns_failover_test.sh PATH_TO_voiceagent PATH_TO_dns_locator_driver}
e2e_require sipp dnsmasq curl jq python3
STOPPED_PID=""
trap '[ -n "$STOPPED_PID" ] && kill -CONT "$STOPPED_PID" 2>/dev/null; va_test_cleanup' EXIT

dns_port=$(free_port)
port_a=$(free_port)
port_b=$(free_port)
spawn dnsmasq -- dnsmasq --no-daemon --port="$dns_port" --listen-address=127.0.0.1 \
  --bind-interfaces --no-resolv --no-hosts --local-ttl=300 --local=/example/ \
  --naptr-record=test.example,10,10,S,SIP+D2U,,_sip._udp.test.example \
  --srv-host=_sip._udp.test.example,a.test.example,"$port_a",10,0 \
  --srv-host=_sip._udp.test.example,b.test.example,"$port_b",20,0 \
  --host-record=a.test.example,127.0.0.2 --host-record=b.test.example,127.0.0.3 \
  --srv-host=_sip._udp.weighted.example,a.test.example,5071,10,75 \
  --srv-host=_sip._udp.weighted.example,b.test.example,5072,10,25
wait_until 10 "dnsmasq on UDP $dns_port" sipp_port_bound "$dns_port"

# target NAME IP PORT: a SIPp registrar + gateway bound to IP:PORT.
target() {
  mkdir -p "$WORK/$1"
  spawn "$1" --cwd "$WORK/$1" --timeout 400 -- sipp -sf "$E2E_SCENARIOS/dns_trunk_target.xml" \
    -i "$2" -mi "$2" -p "$3" -mp "$(free_port_range 4)" -key expires 6 -nostdin -timeout 300s \
    -trace_logs -log_file "$WORK/$1.calls" -trace_err -error_file "$WORK/$1.err"
  wait_until 10 "sipp $1 bound to UDP $3" sipp_port_bound "$3"
}
target trunk_a 127.0.0.2 "$port_a"
target trunk_b 127.0.0.3 "$port_b"

sim_start --mode tone --key e2e-dns-key-0001
# No inbound_acl: the default one is the trunk's located addresses (127.0.0.2, 127.0.0.3).
va_start --trunk sip:test.example VOICEAGENT_SIP_TRUNK_REGISTER=true \
  VOICEAGENT_SIP_TRUNK_REGISTER_EXPIRES_S=6 VOICEAGENT_SIP_DNS_SERVERS="127.0.0.1:$dns_port" \
  VOICEAGENT_SIP_T1_MS=50
va_login
va_add_key e2e-dns-key-0001 "dns" >/dev/null

registration_target() {
  va_api GET /api/sip/registration
  jq -r 'select(.state == "registered") | .target' <<<"$API_BODY"
}
target_is() { [ "$(registration_target)" = "$1" ]; }
events() { grep -c ";$2;" "$WORK/$1.calls" 2>/dev/null || true; }

# 1. The highest-priority target takes the registration and the call.
wait_until 20 "registered at A (127.0.0.2:$port_a)" target_is "127.0.0.2:$port_a"
va_api GET /api/sip/registration
e2e_log "registration: $API_BODY"
[ "$(events trunk_b register)" = 0 ] || fail "B got a REGISTER while A answers"
call=$(va_place_call "$VA_TOKEN" "5551001")
va_wait_call "$VA_TOKEN" "$call" active 20
remote=$(va_get_call "$VA_TOKEN" "$call" | jq -r .media.remote_rtp)
[[ $remote == 127.0.0.2:* ]] || fail "the call's media is not at A: $remote"
[ "$(events trunk_a invite)" = 1 ] || fail "A did not get the INVITE"
va_api POST "/api/calls/$call/hangup"
va_wait_call "$VA_TOKEN" "$call" ended 20
e2e_log "call 1 reached A ($remote)"

# 2. A stops answering: the call and the registration fail over to B.
STOPPED_PID=$(pgrep -P "$(pid_of trunk_a)" sipp)
[ -n "$STOPPED_PID" ] || fail "no sipp process under trunk_a"
kill -STOP "$STOPPED_PID"
stopped_at=$(date +%s%3N)
call=$(va_place_call "$VA_TOKEN" "5551002")
placed_at=$(date +%s%3N)
va_wait_call "$VA_TOKEN" "$call" active 30
active_at=$(date +%s%3N)
remote=$(va_get_call "$VA_TOKEN" "$call" | jq -r .media.remote_rtp)
[[ $remote == 127.0.0.3:* ]] || fail "the failed-over call's media is not at B: $remote"
call_failover_ms=$((active_at - placed_at))
[ "$call_failover_ms" -ge 2500 ] || fail "answered in ${call_failover_ms} ms: no Timer B wait?"
va_api POST "/api/calls/$call/hangup"
va_wait_call "$VA_TOKEN" "$call" ended 20
wait_until 30 "registration failed over to B (127.0.0.3:$port_b)" target_is "127.0.0.3:$port_b"
reg_failover_ms=$(($(date +%s%3N) - stopped_at))
grep -q "trying udp:127.0.0.3:$port_b" "$WORK/server.log" || fail "no failover line in the log"
e2e_log "call failover A -> B: ${call_failover_ms} ms from POST to answer (64*T1 = 3200 ms)"
e2e_log "registration failover A -> B: ${reg_failover_ms} ms after A stopped (refresh every 3 s)"
kill -CONT "$STOPPED_PID"
STOPPED_PID=""

# 3. Weights over 1,000 lookups, and the number of DNS queries they cost.
out=$("$DRIVER" "127.0.0.1:$dns_port" sip:weighted.example 1000) || fail "driver: $out"
e2e_log "1000 lookups of sip:weighted.example (SRV weights 75/25): $out"
python3 - "$out" <<'PY' || fail "weights or query count out of bounds: $out"
import json, sys
r = json.loads(sys.argv[1])
a = r["first"].get("udp:127.0.0.2:5071", 0)
b = r["first"].get("udp:127.0.0.3:5072", 0)
assert a + b == 1000, r
# P(first = A) = 76/101 (RFC 2782 draw over [0, 100]); sigma = sqrt(n p (1 - p)) ~ 13.6.
expected = 1000 * 76 / 101
assert abs(a - expected) <= 5 * 13.6, (a, expected)
assert r["dns_queries_sent"] <= 5, r
PY
echo "PASS: RFC 3263 via dnsmasq: registration and call at the priority-10 target, failover" \
  "to priority 20 (call ${call_failover_ms} ms, registration ${reg_failover_ms} ms), weights" \
  "over 1000 lookups within 5 sigma with $(jq .dns_queries_sent <<<"$out") DNS queries"
