#!/usr/bin/env bash
# E2E, provider failover (issue 16; ctest e2e_failover_*): `voiceagent serve` against the
# simulator, which speaks Gemini Live and OpenAI Realtime on one port, and a SIPp gateway whose
# phone talks in 1.5 s spurts of 700 Hz every 5.5 s (the simulator transcribes them as a
# sentence, --caller-phrase; the pauses are long enough that the caller does not barge in on the
# switch). One owner holds a Gemini key and an OpenAI key; in tone mode each key's
# replies are a tone of its own, so the capture tells the two providers apart at the phone.
# Greetings and the failover message are espeak-ng speech (VOICEAGENT_AI_GEMINI_TTS_URL=off).
#   gemini_to_openai  the Gemini conversation closes 1011 after its 2nd turn (~8 s) and is
#                     forgotten by the backend (--lost-session-key): the resume is refused, the
#                     call goes on with OpenAI under the owner's OpenAI key;
#   openai_to_gemini  the OpenAI session closes 1011 8.2 s after session.updated, as its 2nd
#                     reply plays (--openai-close-after; OpenAI has no resumption): the call goes
#                     on with Gemini under the owner's Gemini key;
#   setup_bad_key     the Gemini key is not valid (1007 at setup): OpenAI answers the call;
#   off               as gemini_to_openai with VOICEAGENT_AI_FAILOVER=false: the old behaviour,
#                     the apology and a hangup (end_reason ai_failed), one session, no OpenAI.
# Checked, mid-call modes: the gap at the phone between the first provider's last audio and the
# second's first (failover_gap.py on the capture; 20 ms a packet) is printed and under
# MAX_GAP_MS (2000), with speech (the failover message) between them; the second session's
# instructions in the simulator's log carry the conversation so far (the greeting and the
# caller's sentence); GET /api/calls/{id}: media.provider, media.key_fingerprint and
# media.sessions ([first provider, its key, end_reason], [second, its key]), the transcript's
# "failover: A -> B: <reason>" system line; /metrics va_ai_failover_total{from,to,reason} = 1;
# the server log names the switch with the call's id.
#   failover_test.sh PATH_TO_voiceagent MODE        (KEEP_WORK=1 keeps the work dir)
source "$(dirname "$0")/lib/e2e.sh"
VOICEAGENT=${1:?usage: failover_test.sh PATH_TO_voiceagent MODE}
MODE=${2:?usage: failover_test.sh PATH_TO_voiceagent gemini_to_openai|openai_to_gemini|setup_bad_key|off}
MAX_GAP_MS=${MAX_GAP_MS:-2000}
e2e_require sipp tshark curl jq python3

# Two keys whose simulator tones are >= 200 Hz apart and >= 150 Hz from the phone's 700 Hz.
read -r KEY_G HZ_G KEY_O HZ_O < <(python3 "$E2E_TOOLS/sim_keys.py" --prefix e2e-failover \
  --names gemini,openai --avoid 700 --away 150 --apart 200)
PHRASE="I would like to book a table for two"
GREETING="Hello, this is the failover test."
sim_args=(--mode tone --reply-length 1 --caller-phrase "700=$PHRASE")
first=gemini second=openai reason=closed env=()
case $MODE in
  gemini_to_openai) sim_args+=(--key "$KEY_G" --key "$KEY_O" --lost-session-key "$KEY_G:2") ;;
  openai_to_gemini)
    first=openai second=gemini
    sim_args+=(--key "$KEY_G" --key "$KEY_O" --openai-close-after 8.2) ;;
  setup_bad_key) sim_args+=(--key "$KEY_O") reason=bad_key ;;  # the Gemini key is refused
  off)
    sim_args+=(--key "$KEY_G" --key "$KEY_O" --lost-session-key "$KEY_G:2")
    env=(VOICEAGENT_AI_FAILOVER=false) ;;
  *) fail "mode must be gemini_to_openai, openai_to_gemini, setup_bad_key or off, not $MODE" ;;
esac
declare -A HZ_OF=([gemini]=$HZ_G [openai]=$HZ_O) KEY_OF=([gemini]=$KEY_G [openai]=$KEY_O)

sim_start "${sim_args[@]}"
sipp_peer gw gateway_uas_tone.xml --tone 700 --burst 1500:4000 --tone-seconds 30 --timeout 90
va_start --allow-direct-uri VOICEAGENT_AI_GEMINI_TTS_URL=off VOICEAGENT_RECORDINGS_ENABLED=false \
  "${env[@]}"
capture_start cap "udp and portrange $VA_RTP_MIN-$VA_RTP_MAX"
va_login
FP_G=$(va_add_key "$KEY_G" "failover gemini" gemini)
FP_O=$(va_add_key "$KEY_O" "failover openai" openai)
declare -A FP_OF=([gemini]=$FP_G [openai]=$FP_O)
uid=$(va_add_user failover-owner 'Failover-owner-pw-1' admin)
va_set_user_key "$uid" "$KEY_G" gemini
va_set_user_key "$uid" "$KEY_O" openai
va_login failover-owner 'Failover-owner-pw-1'
TOKEN=$VA_TOKEN
e2e_log "owner $uid: gemini key $FP_G ($HZ_G Hz), openai key $FP_O ($HZ_O Hz); mode $MODE"

AGENT=$(jq -nc --arg p "$first" --arg g "$GREETING" '{provider: $p, greeting: $g}')
CALL=$(va_place_call "$TOKEN" "sip:failover@127.0.0.1:${PEER_SIP_PORT[gw]}" "$AGENT")
va_wait_call "$TOKEN" "$CALL" active 15

failover_seen() {
  va_get_call "$TOKEN" "$CALL" | jq -e '[.transcript[] | select(.who == "system" and
    (.text | startswith("failover: ")))] | length >= 1' >/dev/null
}
call_ended() { va_call_status_is "$TOKEN" "$CALL" ended; }

if [ "$MODE" = off ]; then
  # The old behaviour: the failed session is the end of the call (apology, then BYE).
  wait_until 30 "call $CALL ended by the AI failure" call_ended
else
  wait_until 30 "a failover line on call $CALL's transcript" failover_seen
  sleep 6  # the second provider's turns (audio both ways), not a synchronisation
  va_api POST "/api/calls/$CALL/hangup"
  va_wait_call "$TOKEN" "$CALL" ended 15
fi
capture_stop cap
c=$(va_get_call "$TOKEN" "$CALL")
echo "$c" >"$WORK/call.json"
e2e_log "call: $(jq -c '{status, end_reason, media: {provider: .media.provider,
  key_fingerprint: .media.key_fingerprint, sessions: .media.sessions}}' <<<"$c")"
e2e_log "transcript: $(jq -c '[.transcript[] | "\(.who): \(.text)"]' <<<"$c")"
SIMLOG=$WORK/sim_sessions.jsonl
metrics=$(curl -fsS "$VA_HTTP/metrics")
failovers=$(grep '^va_ai_failover_total{' <<<"$metrics" || true)

if [ "$MODE" = off ]; then
  [ "$(jq -r .end_reason <<<"$c")" = ai_failed ] || fail "end_reason $(jq -r .end_reason <<<"$c"), expected ai_failed"
  v=$(jq -c '[.media.sessions[] | [.provider, .key_fingerprint]]' <<<"$c")
  [ "$v" = "[[\"gemini\",\"$FP_G\"]]" ] || fail "media.sessions $v: expected the one Gemini session"
  jq -e '[.transcript[] | select(.text | startswith("failover: "))] | length == 0' <<<"$c" \
    >/dev/null || fail "a failover line with ai.failover = false"
  n=$(jq -s --arg k "$FP_O" '[.[] | select(.event == "session_start" and .key_fp == $k)] | length' "$SIMLOG")
  [ "$n" = 0 ] || fail "the OpenAI key opened $n session(s) with ai.failover = false"
  [ -z "$failovers" ] || fail "/metrics counts failovers with ai.failover = false: $failovers"
  echo "PASS: ai.failover = false: the lost Gemini session ended the call (ai_failed) as before; no second provider"
  exit 0
fi

# --- the record
v=$(jq -r .media.provider <<<"$c")
[ "$v" = "$second" ] || fail "media.provider $v, expected $second (the provider the call ended on)"
v=$(jq -r .media.key_fingerprint <<<"$c")
[ "$v" = "${FP_OF[$second]}" ] || fail "media.key_fingerprint $v, expected ${FP_OF[$second]}"
v=$(jq -c '[.media.sessions[] | [.provider, .key_fingerprint, .end_reason]]' <<<"$c")
want=$(jq -nc --arg a "$first" --arg ka "${FP_OF[$first]}" --arg r "$reason" --arg b "$second" \
  --arg kb "${FP_OF[$second]}" '[[$a, $ka, $r], [$b, $kb, "local_hangup"]]')
[ "$v" = "$want" ] || fail "media.sessions $v, expected $want"
jq -e '.media.sessions | (.[0].ended_at == .[1].started_at) and (.[1].ended_at | numbers)' \
  <<<"$c" >/dev/null || fail "the sessions' times do not meet: $(jq -c .media.sessions <<<"$c")"
line="failover: $first -> $second: $reason"
jq -e --arg l "$line" '[.transcript[] | select(.who == "system" and (.text | startswith($l)))]
  | length == 1' <<<"$c" >/dev/null || fail "no single '$line' system line on the transcript"
want="va_ai_failover_total{from=\"$first\",to=\"$second\",reason=\"$reason\"} 1"
grep -qxF "$want" <<<"$failovers" || fail "/metrics: expected '$want', got: ${failovers:-nothing}"
grep "call=$CALL " "$WORK/server.log" | grep -q "failover: $first" ||
  fail "the server log has no failover line for call $CALL"

# --- the second session: under the owner's key of that provider, told the conversation so far
n=$(jq -s --arg k "${FP_OF[$second]}" '[.[] | select(.event == "session_start" and .key_fp == $k)] | length' "$SIMLOG")
[ "$n" = 1 ] || fail "the $second key opened $n sessions, expected 1"
out_ms=$(jq -s --arg k "${FP_OF[$second]}" '[.[] | select(.event == "session_end" and .key_fp == $k) | (.audio_out_ms // (.audio_out_samples / 24))] | add // 0' "$SIMLOG")
e2e_log "the $second session sent $out_ms ms of audio"
awk -v m="$out_ms" 'BEGIN { exit !(m > 500) }' || fail "the $second session sent only $out_ms ms of audio"
if [ "$second" = openai ]; then
  told=$(jq -s -r --arg k "$FP_O" '[.[] | select(.event == "session_end" and .key_fp == $k) | .instructions][0] // ""' "$SIMLOG")
else
  told=$(jq -s -r --arg k "$FP_G" '[.[] | select(.event == "session_start" and .key_fp == $k) | .system_instruction][0] // ""' "$SIMLOG")
fi
printf '%s\n' "$told" >"$WORK/second_instructions.txt"
if [ "$MODE" = setup_bad_key ]; then
  # Nothing was said yet: the prompt carries over, and the call's audio is the second's alone.
  grep -qF "$GREETING" <<<"$told" || fail "the $second session was not told the prompt: $told"
  # After the greeting (espeak-ng speech): the replies are the OpenAI key's tone, never Gemini's.
  python3 "$E2E_TOOLS/rtp_analyze.py" "$WORK/cap.pcapng" --dst "$(jq -r .media.remote_rtp <<<"$c")" \
    --tones "$HZ_G,$HZ_O,700" --skip-s 3 --contains "$HZ_O" --min-tone-db -10 --foreign "$HZ_G" \
    --compact >"$WORK/audio.json" ||
    fail "the phone did not hear the OpenAI key's voice alone ($HZ_O Hz)"
  echo "PASS: a bad Gemini key at setup: OpenAI answered the call under the owner's OpenAI key; the record says why (bad_key)"
  exit 0
fi
for said in "agent: $GREETING" "caller: $PHRASE"; do
  grep -qF "$said" <<<"$told" ||
    fail "the $second session's instructions lack '$said' (the conversation so far): $told"
done

# --- the gap at the phone
remote=$(jq -r .media.remote_rtp <<<"$c")
python3 "$E2E_TOOLS/failover_gap.py" "$WORK/cap.pcapng" --dst "$remote" \
  --before-hz "${HZ_OF[$first]}" --after-hz "${HZ_OF[$second]}" >"$WORK/gap.json" ||
  fail "no switch from ${HZ_OF[$first]} Hz to ${HZ_OF[$second]} Hz in the phone's audio"
gap=$(jq -r .gap_ms "$WORK/gap.json")
speech=$(jq -r .between_speech_frames "$WORK/gap.json")
echo "failover $first -> $second: gap at the phone $gap ms (last $first audio at $(jq -r .last_before_s "$WORK/gap.json") s, first $second audio at $(jq -r .first_after_s "$WORK/gap.json") s of the stream; $((speech * 20)) ms of speech between)"
[ "$gap" -le "$MAX_GAP_MS" ] || fail "the phone waited $gap ms for the second provider (bound $MAX_GAP_MS ms)"
[ "$speech" -ge 10 ] || fail "no failover message between the providers ($((speech * 20)) ms of speech)"
echo "PASS: $first -> $second mid-call in $gap ms at the phone, the conversation carried over, the record shows both sessions and why ($reason)"
