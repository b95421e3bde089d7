#!/usr/bin/env bash
# E2E, issue 15 keypad and SMS (ctest e2e_dtmf_sms): SIPp callers press every key 0-9 * # and
# the real `voiceagent serve` passes each to the AI (the simulator) as text, once.
#   1. RFC 4733 (caller_dtmf_rtp.xml playing dtmf_tool.py's keys.pcap): the simulator's
#      session log shows the texts of the call's session carrying exactly "0123456789*#"
#      (each text names one key and no other digit), the transcript has the same keys as
#      {"who": "dtmf"} lines. Junk events (code 200, a 7.5 s duration) in front are ignored.
#   2. The same with 15% of the event and audio packets dropped by the sender (the three end
#      packets are as likely to be lost as any other; a key whose end packets all went is
#      taken at the timeout or at the next key).
#   3. SIP INFO (caller_dtmf_info.xml): application/dtmf-relay and application/dtmf by turns,
#      the same check; a malformed body gets 400 and text/plain 415, and the call goes on.
#   4. send_dtmf: the simulator calls send_dtmf {"digits": "0123456789*#"} after its first
#      reply in every session: calls 1 and 2 negotiated telephone-event, so the keys leave as
#      RFC 4733 events (decoded from the capture: exactly those keys, in order); call 3 did
#      not, so they arrive as 12 INFOs at the caller (SIPp's message log).
#   5. SMS: during call 1, POST /api/calls/{id}/sms with a 170-character UTF-8 text reaches the
#      trunk (gateway_uas_message.xml) as a MESSAGE to the caller's number, body byte for
#      byte, text/plain;charset=UTF-8, answered 202 -> 200 {"sent":true,"sip_status":202};
#      empty and 1001-byte texts get 400; after the call ended, 409.
#   dtmf_test.sh PATH_TO_voiceagent        (KEEP_WORK=1 keeps the work dir)
source "$(dirname "$0")/lib/e2e.sh"
VOICEAGENT=${1:?usage: dtmf_test.sh PATH_TO_voiceagent}
e2e_require sipp tshark curl jq python3
KEYS='0123456789*#'
NUMBER=+15550001001  # the route's number (called)
CALLER=+15557654321  # the callers' number (From), where the SMS goes
SMS_TEXT='Grüße aus Köln! Ihr Termin ist am Dienstag um 14:30 Uhr — bitte bringen Sie Ihre Versichertenkarte mit. 日本語もOK 🎉 Antworten Sie nicht auf diese Nachricht. Danke und bis bald!'

sim_start --mode tone --reply-length 1 \
  --tool-after-reply "send_dtmf:{\"digits\":\"$KEYS\"}" --tool-after-reply-limit 1
sipp_peer smsgw gateway_uas_message.xml --calls 1 --timeout 120 -- -trace_msg -message_file "$WORK/smsgw.msg"
va_start --trunk "sip:127.0.0.1:${PEER_SIP_PORT[smsgw]}" VOICEAGENT_SIP_INBOUND_ACL=127.0.0.1 \
  VOICEAGENT_AI_GEMINI_TTS_URL=off VOICEAGENT_RECORDINGS_ENABLED=false
capture_start cap "udp and portrange $VA_RTP_MIN-$VA_RTP_MAX"
va_login
KEY="e2e-keypad-key-$RANDOM"
va_add_key "$KEY" "keypad" >/dev/null
OWNER_ID=$(va_add_user keypad-owner 'Keypad-owner-pw-1' admin)
va_set_user_key "$OWNER_ID" "$KEY"
va_api POST /api/inbound-routes "{\"number\":\"$NUMBER\",\"owner_id\":$OWNER_ID}"
[ "$API_STATUS" = 201 ] || fail "POST /api/inbound-routes: HTTP $API_STATUS $API_BODY"

mkdir -p "$WORK/rtp" "$WORK/rtp_loss" "$WORK/info"
python3 "$E2E_TOOLS/dtmf_tool.py" pcap --digits "$KEYS" --junk --out "$WORK/rtp/keys.pcap" 2>/dev/null
python3 "$E2E_TOOLS/dtmf_tool.py" pcap --digits "$KEYS" --loss 0.15 --seed "${DTMF_SEED:-15}" \
  --out "$WORK/rtp_loss/keys.pcap" 2>"$WORK/loss.txt"  # "sent N dropped M"
e2e_log "lossy keys.pcap: $(cat "$WORK/loss.txt")"
cp "$E2E_SCENARIOS/caller_dtmf_rtp.xml" "$WORK/rtp/scenario.xml"
cp "$E2E_SCENARIOS/caller_dtmf_rtp.xml" "$WORK/rtp_loss/scenario.xml"
cp "$E2E_SCENARIOS/caller_dtmf_info.xml" "$WORK/info/scenario.xml"

# start_caller NAME DURATION_MS: one SIPp call from $WORK/NAME (its scenario.xml) to NUMBER.
declare -A CALLER_MEDIA=()
start_caller() {
  local name=$1 duration=$2 sip_port media_port
  sip_port=$(free_port)
  media_port=$(free_port_range 8)
  CALLER_MEDIA[$name]=$media_port
  spawn "$name" --cwd "$WORK/$name" --timeout 60 -- sipp "127.0.0.1:$VA_SIP_PORT" \
    -sf scenario.xml -s "$NUMBER" -d "$duration" -key pt 0 -key codec PCMU -i 127.0.0.1 \
    -mi 127.0.0.1 -p "$sip_port" -mp "$media_port" -m 1 -nostdin -timeout 50s \
    -trace_err -error_file "$WORK/$name.err" -trace_msg -message_file "$WORK/$name.msg"
}
finish_caller() {
  wait_exit "$1" 60
  [ "$EXIT_CODE" = 0 ] || fail "caller $1: SIPp rc $EXIT_CODE ($(tail -n 5 "$WORK/$1.err" 2>/dev/null))"
}
# The newest inbound call's id.
latest_inbound() {
  va_api GET /api/calls
  jq -r '[.items[] | select(.direction == "inbound")] | max_by(.id) | .id // empty' <<<"$API_BODY"
}
call_active() {
  local id
  id=$(latest_inbound)
  [ -n "$id" ] && [ "$id" != "${LAST_ID:-}" ] && va_call_status_is "$VA_TOKEN" "$id" active
}
transcript_keys() {
  va_api GET "/api/calls/$1/transcript"
  jq -r '[.transcript[] | select(.who == "dtmf") | .text] | join("")' <<<"$API_BODY"
}

# --- 1 + 5: RFC 4733 keys; the SMS while the call is up
start_caller rtp 12000
wait_until 15 "call 1 active" call_active
ID1=$(latest_inbound)
LAST_ID=$ID1
va_api POST "/api/calls/$ID1/sms" "$(jq -nc --arg t "$SMS_TEXT" '{text: $t}')"
[ "$API_STATUS" = 200 ] || fail "POST sms: HTTP $API_STATUS $API_BODY"
[ "$(jq -r '.sent and .sip_status == 202' <<<"$API_BODY")" = true ] || fail "POST sms: $API_BODY"
va_api POST "/api/calls/$ID1/sms" '{"text":""}'
[ "$API_STATUS" = 400 ] || fail "empty SMS text: HTTP $API_STATUS (want 400) $API_BODY"
va_api POST "/api/calls/$ID1/sms" "$(jq -nc --arg t "$(head -c 1001 /dev/zero | tr '\0' a)" '{text: $t}')"
[ "$API_STATUS" = 400 ] || fail "1001-byte SMS text: HTTP $API_STATUS (want 400) $API_BODY"
finish_caller rtp
va_wait_call "$VA_TOKEN" "$ID1" ended 10
va_api POST "/api/calls/$ID1/sms" '{"text":"too late"}'
[ "$API_STATUS" = 409 ] || fail "SMS to an ended call: HTTP $API_STATUS (want 409) $API_BODY"
e2e_log "call 1 ($ID1): RFC 4733 keys sent, SMS accepted"

# --- 2: RFC 4733 under 15% loss
start_caller rtp_loss 12000
wait_until 15 "call 2 active" call_active
ID2=$(latest_inbound)
LAST_ID=$ID2
finish_caller rtp_loss
va_wait_call "$VA_TOKEN" "$ID2" ended 10

# --- 3: SIP INFO
start_caller info 1000
wait_until 15 "call 3 active" call_active
ID3=$(latest_inbound)
finish_caller info
va_wait_call "$VA_TOKEN" "$ID3" ended 10
capture_stop cap
wait_exit smsgw 10
[ "$EXIT_CODE" = 0 ] || fail "SMS gateway: SIPp rc $EXIT_CODE"

# --- the simulator saw each key once per call, in order, and no other digit
python3 - "$WORK/sim_sessions.jsonl" "$KEYS" <<'PY' >"$WORK/sim_keys.txt" || fail "simulator log: $(cat "$WORK/sim_keys.txt")"
import json, re, sys
sessions, texts = [], {}
for line in open(sys.argv[1]):
    e = json.loads(line)
    if e.get("event") == "session_start" and e["session"] not in texts:
        sessions.append(e["session"]); texts[e["session"]] = []
    if e.get("event") == "text_in":
        texts.setdefault(e["session"], []).append(e["text"])
out = []
for s in sessions:
    keys = ""
    for t in texts[s]:
        k = re.findall(r"[0-9*#]", t)
        if len(k) != 1:
            print("session %s: text %r names %d keys" % (s, t, len(k))); sys.exit(1)
        keys += k[0]
    out.append(keys)
print(" ".join(out))
if out != [sys.argv[2]] * 3:
    sys.exit(1)
PY
e2e_log "simulator sessions heard: $(cat "$WORK/sim_keys.txt")"
for id in "$ID1" "$ID2" "$ID3"; do
  got=$(transcript_keys "$id")
  [ "$got" = "$KEYS" ] || fail "call $id transcript dtmf lines: '$got' (want '$KEYS')"
done
grep -q "telephone-event ignored" "$WORK/server.log" || fail "the junk telephone-events were not ignored (no log line)"

# --- send_dtmf: RFC 4733 to calls 1 and 2, INFO to call 3
for name in rtp rtp_loss; do
  got=$(python3 "$E2E_TOOLS/dtmf_tool.py" decode "$WORK/cap.pcapng" --dst "127.0.0.1:${CALLER_MEDIA[$name]}")
  [ "$got" = "$KEYS" ] || fail "send_dtmf to caller $name decoded as '$got' (want '$KEYS')"
done
got=$(python3 - "$WORK/info.msg" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8", errors="replace").read()
keys = ""
for block in re.split(r"\n-{10,}[^\n]*\n", text):
    if "message received" in block and re.search(r"^INFO sip:", block, re.M):
        m = re.search(r"^Signal=(\S)", block, re.M)
        keys += m.group(1) if m else "?"
print(keys)
PY
)
[ "$got" = "$KEYS" ] || fail "send_dtmf by INFO: the caller got '$got' (want '$KEYS')"

# --- the MESSAGE at the gateway
python3 - "$WORK/smsgw.msg" "$SMS_TEXT" "$CALLER" <<'PY' || fail "the MESSAGE at the gateway is not what was sent (see $WORK/smsgw.msg)"
import sys
raw = open(sys.argv[1], "rb").read()
start = raw.find(b"MESSAGE sip:")
assert start >= 0, "no MESSAGE received"
msg = raw[start:]
head, _, body = msg.partition(b"\r\n\r\n")
line = head.split(b"\r\n")[0].decode()
assert line.startswith("MESSAGE sip:%s@" % sys.argv[3]), line
assert b"Content-Type: text/plain;charset=UTF-8" in head, head
want = sys.argv[2].encode()
length = int([h for h in head.split(b"\r\n") if h.lower().startswith(b"content-length:")][0].split(b":")[1])
assert length == len(want) and body[:length] == want, (length, len(want), body[:length])
print("%s, %d bytes, %d characters intact" % (line, length, len(sys.argv[2])))
PY
e2e_log "PASS: keys $KEYS reached the AI once each by RFC 4733 (also at 15% loss) and INFO; send_dtmf decoded by RFC 4733 and INFO; a ${#SMS_TEXT}-character SMS arrived intact"
