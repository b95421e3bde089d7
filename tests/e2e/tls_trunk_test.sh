#!/usr/bin/env bash
# SIP over TLS end to end (issue 17): Kamailio 5.6 with its tls module (peers/kamailio_pbx.cfg
# with TLS_LISTEN) is the registrar/proxy; a dnsmasq started here serves NAPTR SIPS+D2T ->
# SRV _sips._tcp -> A for gw.example.test; a test CA made here with the openssl CLI signs
# Kamailio's certificate (DNS:gw.example.test, IP:127.0.0.1) and ours.
#   1. voiceagent (trunk sips:gw.example.test) registers over TLS with digest auth: the API
#      says "registered" at Kamailio's TLS port, and Kamailio holds a sips: contact.
#   2. An outbound call goes over TLS to Kamailio and on to a SIPp gateway (UDP) that plays a
#      tone: the call is active, RTP arrives, our BYE reaches the gateway through the
#      Record-Route (an in-dialog request over TLS).
#   3. An inbound call from a SIPp caller (UDP) to the DID reaches us over TLS via Kamailio's
#      location lookup and is answered and ended cleanly (SIPp rc 0).
#   4. /metrics counts the handshakes, live TLS connections and CRLF keep-alive pongs.
#   5. A trunk name the certificate does not carry (other.example.test, same SRV target) and
#      an untrusted CA are refused: registration "failed" and one clear log line each.
#   tls_trunk_test.sh PATH_TO_voiceagent   (exit 77 when kamailio's tls module is missing)
source "$(dirname "$0")/lib/e2e.sh"
VOICEAGENT=$(realpath "${1:?usage: tls_trunk_test.sh PATH_TO_voiceagent}")
e2e_require sipp kamailio kamcmd dnsmasq openssl curl jq python3
compgen -G "/usr/lib/*/kamailio/modules/tls.so" >/dev/null ||
  { echo "SKIP: kamailio-tls-modules missing"; exit 77; }
PEERS=$E2E_DIR/peers
TRUNK_USER=voiceagent
TRUNK_PASS=trunk-pw-$RANDOM$RANDOM
DID=+15553003

# --- a test PKI (nothing here is trusted outside this run)
PKI=$WORK/pki
mkdir -p "$PKI"
pki() { openssl "$@" >>"$WORK/openssl.log" 2>&1 || fail "openssl $1 failed"; }
new_ca() { pki req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
  -subj "/CN=$1" -keyout "$PKI/$1.key" -out "$PKI/$1.pem"; }
new_leaf() {  # new_leaf NAME SAN
  printf 'subjectAltName=%s\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth,clientAuth\n' \
    "$2" >"$PKI/$1.ext"
  pki req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=$1" \
    -keyout "$PKI/$1.key" -out "$PKI/$1.csr"
  pki x509 -req -in "$PKI/$1.csr" -CA "$PKI/ca.pem" -CAkey "$PKI/ca.key" -CAcreateserial \
    -days 2 -extfile "$PKI/$1.ext" -out "$PKI/$1.pem"
}
new_ca ca
new_ca rogue_ca
new_leaf kamailio "DNS:gw.example.test,IP:127.0.0.1"
new_leaf voiceagent "IP:127.0.0.1"

# --- the SIPp gateway behind Kamailio (UDP): answers and plays a 700 Hz tone
sipp_peer gw gateway_uas_tone --tone 700 --timeout 120

# --- Kamailio: UDP + TLS, registrar with digest auth, gateway for unregistered numbers
KAM_PORT=$(free_port)
KAM_TLS=$(free_port)
mkdir -p "$WORK/kam"
cat >"$WORK/kam/tls.cfg" <<TLS
[server:default]
method = TLSv1.2+
verify_certificate = no
require_certificate = no
private_key = $PKI/kamailio.key
certificate = $PKI/kamailio.pem

[client:default]
method = TLSv1.2+
verify_certificate = no
require_certificate = no
TLS
KAM_DEFS=(-A "LISTEN=udp:127.0.0.1:$KAM_PORT" -A "TLS_LISTEN=tls:127.0.0.1:$KAM_TLS"
  -A "TLS_CFG=\"$WORK/kam/tls.cfg\"" -A "GATEWAY=\"sip:127.0.0.1:${PEER_SIP_PORT[gw]}\""
  -A OPEN_DID -A "DID=\"$DID\"" -A "TRUNK_USER=\"$TRUNK_USER\"" -A "TRUNK_PASS=\"$TRUNK_PASS\""
  -A "CTLSOCK=\"unix:$WORK/kam/ctl.sock\"")
kamailio -c -f "$PEERS/kamailio_pbx.cfg" "${KAM_DEFS[@]}" >"$WORK/kam_check.txt" 2>&1 ||
  fail "kamailio_pbx.cfg with TLS does not load: $(grep -m3 -E 'ERROR|CRITICAL' "$WORK/kam_check.txt")"
spawn kamailio --timeout 300 -- kamailio -f "$PEERS/kamailio_pbx.cfg" -DD -E -Y "$WORK/kam" \
  -P "$WORK/kam/kamailio.pid" "${KAM_DEFS[@]}"
kam_ready() {
  running kamailio || fail "kamailio exited during start-up"
  [ -n "$(ss -Hltn "sport = :$KAM_TLS")" ] && [ -S "$WORK/kam/ctl.sock" ]
}
wait_until 15 "kamailio on udp:$KAM_PORT tls:$KAM_TLS" kam_ready
kam_contact() {
  kamcmd -s "unix:$WORK/kam/ctl.sock" ul.lookup location "s:$TRUNK_USER" 2>/dev/null |
    awk '$1 == "Address:" {print $2; exit}'
}

# --- DNS: sips:gw.example.test -> NAPTR SIPS+D2T -> SRV _sips._tcp -> kam.example.test
dns_port=$(free_port)
spawn dnsmasq -- dnsmasq --no-daemon --port="$dns_port" --listen-address=127.0.0.1 \
  --bind-interfaces --no-resolv --no-hosts --local-ttl=300 --local=/example.test/ \
  --naptr-record=gw.example.test,10,10,S,SIPS+D2T,,_sips._tcp.gw.example.test \
  --srv-host=_sips._tcp.gw.example.test,kam.example.test,"$KAM_TLS",10,0 \
  --srv-host=_sips._tcp.other.example.test,kam.example.test,"$KAM_TLS",10,0 \
  --host-record=kam.example.test,127.0.0.1
wait_until 10 "dnsmasq on UDP $dns_port" sipp_port_bound "$dns_port"

# --- voiceagent
tls_env() {  # tls_env TRUNK_URI CA_FILE: the environment of a TLS-trunk voiceagent
  VA_TLS_PORT=$(free_port)
  echo VOICEAGENT_SIP_TRUNK_REGISTER=true VOICEAGENT_SIP_TRUNK_USERNAME=$TRUNK_USER \
    VOICEAGENT_SIP_TRUNK_PASSWORD=$TRUNK_PASS VOICEAGENT_SIP_TRUNK_REGISTER_EXPIRES_S=60 \
    VOICEAGENT_SIP_DNS_SERVERS=127.0.0.1:$dns_port VOICEAGENT_SIP_INBOUND_ACL=127.0.0.1 \
    VOICEAGENT_SIP_TLS_LISTEN=127.0.0.1:$VA_TLS_PORT \
    VOICEAGENT_SIP_TLS_CERT_FILE=$PKI/voiceagent.pem VOICEAGENT_SIP_TLS_KEY_FILE=$PKI/voiceagent.key \
    VOICEAGENT_SIP_TLS_CA_FILE=$2 VOICEAGENT_SIP_KEEPALIVE_S=1 VOICEAGENT_AI_GEMINI_TTS_URL=off
}
registration() { va_api GET /api/sip/registration; echo "$API_BODY"; }
reg_state_is() { [ "$(registration | jq -r .state)" = "$1" ]; }

sim_start --mode tone --key e2e-tls-key-0001
# shellcheck disable=SC2046
va_start --trunk sips:gw.example.test $(tls_env sips:gw.example.test "$PKI/ca.pem")
va_login
va_add_key e2e-tls-key-0001 "tls" >/dev/null

# 1. Registration over TLS with digest auth.
wait_until 20 "registered over TLS" reg_state_is registered
body=$(registration)
e2e_log "registration: $body"
[ "$(jq -r .target <<<"$body")" = "127.0.0.1:$KAM_TLS" ] || fail "target is not Kamailio's TLS port: $body"
contact=$(kam_contact)
[[ $contact == sips:* ]] || fail "Kamailio holds no sips: contact for $TRUNK_USER: '$contact'"
e2e_log "Kamailio location: $contact"

# 2. Outbound call over TLS through Kamailio to the gateway.
call=$(va_place_call "$VA_TOKEN" "5551001")
va_wait_call "$VA_TOKEN" "$call" active 20
rtp_in() { [ "$(va_get_call "$VA_TOKEN" "$call" | jq -r .media.packets_in)" -ge 50 ]; }
wait_until 10 "RTP from the gateway on the TLS-signalled call" rtp_in
va_api POST "/api/calls/$call/hangup"
va_wait_call "$VA_TOKEN" "$call" ended 20
gw_bye() { [ -n "$(sipp_events gw bye_received)" ]; }
wait_until 10 "the BYE reached the gateway through Kamailio" gw_bye
e2e_log "outbound call $call: active, RTP in, BYE through the Record-Route"

# 3. Inbound call: SIPp (UDP) -> Kamailio -> us over TLS.
owner=$(va_add_user tls-owner 'Tls-owner-pw-1' admin)
va_api POST /api/inbound-routes "{\"number\":\"$DID\",\"owner_id\":$owner}"
[ "$API_STATUS" = 201 ] || fail "POST /api/inbound-routes: HTTP $API_STATUS $API_BODY"
sipp_peer caller gateway_uac_tone --tone 440 --remote "127.0.0.1:$KAM_PORT" --timeout 40 \
  -- -s "$DID" -d 3000
wait_exit caller 60
[ "$EXIT_CODE" = 0 ] || fail "inbound call over TLS failed (SIPp rc $EXIT_CODE)"
grep -q "INVITE .* -> sips:" "$WORK/kamailio.log" || fail "Kamailio did not send the INVITE to a sips: contact"
e2e_log "inbound call answered over TLS and ended"

# 4. Metrics: handshakes, live connections, keep-alive pongs (keepalive_s = 1).
metric() { curl -sf "$VA_HTTP/metrics" | awk -v m="$1" '$1 == m {print $2; exit}'; }
pong() { [ "$(metric 'va_sip_keepalives_total{kind="pong_received"}')" -ge 1 ]; }
wait_until 15 "a CRLF pong from Kamailio" pong
ok=$(metric va_sip_tls_handshakes_ok_total)
live=$(metric va_sip_tls_connections)
[ "$ok" -ge 1 ] && [ "$live" -ge 1 ] || fail "TLS metrics wrong: ok=$ok live=$live"
e2e_log "metrics: handshakes ok $ok, live $live, pongs $(metric 'va_sip_keepalives_total{kind="pong_received"}')"
stop server

# 5. Refusals: a name the certificate does not carry, then an untrusted CA.
refused() {  # refused TRUNK CA LOGLINE
  rm -rf "$WORK/data"
  # shellcheck disable=SC2046
  va_start --trunk "$1" $(tls_env "$1" "$2")
  va_login
  wait_until 20 "registration failed for $1" reg_state_is failed
  wait_until 5 "the log line '$3'" grep -qF "$3" "$WORK/server.log"
  e2e_log "refused: $(grep -F -m1 "$3" "$WORK/server.log")"
  stop server
}
refused sips:other.example.test "$PKI/ca.pem" \
  "TLS to other.example.test:$KAM_TLS refused: certificate verify failed: hostname mismatch"
refused sips:gw.example.test "$PKI/rogue_ca.pem" \
  "TLS to gw.example.test:$KAM_TLS refused: certificate verify failed: unable to get local issuer certificate"
echo "PASS: SIP over TLS with Kamailio: register (digest) and calls both ways over TLS, keep-alive," \
  "wrong host name and untrusted CA refused with a clear log line"
