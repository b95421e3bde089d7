#!/usr/bin/env bash
# E2E, barge-in on OpenAI Realtime (issue 16; ctest e2e_openai_barge_in). One call on OpenAI
# through a SIPp gateway that talks in 1.5 s spurts of 440 Hz; the simulator's replies (the
# key's tone) last 3 s, so the caller's next spurt always starts while the AI is still talking.
# Proves, and fails with a clear message otherwise:
#   1. the call becomes active on provider openai and ends local_hangup;
#   2. from the captured RTP to the phone: after each input_audio_buffer.speech_started the
#      simulator sent during a response, at most one more 20 ms frame of the AI's tone reaches
#      the phone (tools/barge_in_check.py), and at least one such barge-in cut audible AI audio;
#   3. from the simulator's log: the client sent conversation.item.truncate for the cut
#      items, each accepted (ok) with 0 <= audio_end_ms < the audio the simulator had sent for
#      that item (the played position, not what was received); an item still queued behind
#      the greeting is truncated at 0.
#   openai_barge_in_test.sh PATH_TO_voiceagent        (KEEP_WORK=1 keeps the work dir)
source "$(dirname "$0")/lib/e2e.sh"
VOICEAGENT=${1:?usage: openai_barge_in_test.sh PATH_TO_voiceagent}
e2e_require sipp tshark curl jq
HOLD_S=${HOLD_S:-12}
KEY=e2e-openai-barge-key-0001
KEY_HZ=$(python3 -c '
import sys
h = 14695981039346656037
for x in sys.argv[1].encode():
    h = ((h ^ x) * 1099511628211) & 0xFFFFFFFFFFFFFFFF
print(300 + 20 * (h % 80))' "$KEY")
NUM=+15551001 TONE=440

sim_start --mode tone --reply-length 3 --key "$KEY"
sipp_peer gw gateway_uas_two_tones.xml --tone $TONE --tone-b 1300 --burst 1500:1500 \
  --tone-seconds 40 --calls 1 --timeout 120
va_start --trunk "sip:127.0.0.1:${PEER_SIP_PORT[gw]}"
capture_start cap "udp and (port ${PEER_SIP_PORT[gw]} or port $VA_SIP_PORT or portrange ${PEER_MEDIA_PORT[gw]}-$((PEER_MEDIA_PORT[gw] + 11)) or portrange $VA_RTP_MIN-$VA_RTP_MAX)"

va_login
FP=$(va_add_key "$KEY" "e2e openai key" openai)
USER_ID=$(va_add_user carol-e2e 'Carol-e2e-pw-1' admin)
va_login carol-e2e 'Carol-e2e-pw-1'
va_api GET /api/me
jq -e --arg f "$FP" '.openai_key_fingerprint == $f' <<<"$API_BODY" >/dev/null ||
  fail "user $USER_ID was not given the pool's OpenAI key on creation: $API_BODY"
TOKEN=$VA_TOKEN
CALL=$(va_place_call "$TOKEN" $NUM '{"provider": "openai"}')
va_wait_call "$TOKEN" "$CALL" active 20
sleep "$HOLD_S"
VA_TOKEN=$TOKEN
va_api POST "/api/calls/$CALL/hangup"
[[ $API_STATUS == 20? ]] || fail "hangup: HTTP $API_STATUS $API_BODY"
va_wait_call "$TOKEN" "$CALL" ended 15
wait_exit gw 20
capture_stop cap

# --- 1. the record
va_get_call "$TOKEN" "$CALL" >"$WORK/call.json"
[ "$(jq -r .media.provider "$WORK/call.json")" = openai ] ||
  fail "media.provider is $(jq -r .media.provider "$WORK/call.json"), expected openai"
[ "$(jq -r .media.key_fingerprint "$WORK/call.json")" = "$FP" ] || fail "wrong key fingerprint"
[ "$(jq -r .end_reason "$WORK/call.json")" = local_hangup ] ||
  fail "end_reason $(jq -r .end_reason "$WORK/call.json")"
REMOTE=$(jq -r .media.remote_rtp "$WORK/call.json")

# --- 2. the phone hears the AI stop within one frame of each speech_started
SIMLOG=$WORK/sim_sessions.jsonl
jq -s -c '[.[] | select(.event == "speech_started" and .responding) | .at_unix_ms]' "$SIMLOG" \
  >"$WORK/barge_events.json"
n=$(jq length "$WORK/barge_events.json")
[ "$n" -ge 1 ] || fail "no speech_started during a response: the test did not barge in"
python3 "$E2E_TOOLS/barge_in_check.py" "$WORK/cap.pcapng" --dst "$REMOTE" --tone "$KEY_HZ" \
  --events "$WORK/barge_events.json" >"$WORK/barge_in.json" 2>"$WORK/barge_in.err" ||
  fail "$(grep -m1 FAIL "$WORK/barge_in.err") (see barge_in.json)"

# --- 3. truncates at the played position
jq -s -c '[.[] | select(.event == "truncate")]' "$SIMLOG" >"$WORK/truncates.json"
t=$(jq length "$WORK/truncates.json")
[ "$t" -ge 1 ] || fail "the client sent no conversation.item.truncate after $n barge-ins"
# An item still queued behind the greeting when the caller barges in was heard for 0 ms: its
# truncate at 0 is right. Every truncate must be accepted and inside what was sent, and at
# least one must cut an item part-way (0 < audio_end_ms < sent_ms), or the played position was
# never measured.
bad=$(jq -r '[.[] | select((.ok | not) or .audio_end_ms < 0 or .audio_end_ms >= .sent_ms)
  | "\(.item_id): \(.audio_end_ms) of \(.sent_ms) ms ok=\(.ok)"] | join("; ")' "$WORK/truncates.json")
[ -z "$bad" ] || fail "implausible truncates (want 0 <= audio_end_ms < sent_ms, accepted): $bad"
partway=$(jq '[.[] | select(.audio_end_ms > 0 and .audio_end_ms < .sent_ms)] | length' \
  "$WORK/truncates.json")
[ "$partway" -ge 1 ] || fail "no truncate cut an item part-way: $(jq -c . "$WORK/truncates.json")"
stop server
echo "PASS: $n barge-ins on OpenAI; the AI stopped at the phone within one frame; $t truncates at the played position ($(jq -c '[.[] | "\(.audio_end_ms)/\(.sent_ms)"]' "$WORK/truncates.json"))"
