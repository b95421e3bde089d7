#!/usr/bin/env bash
# E2E, the seed scenario on OpenAI Realtime (issue 16; ctest e2e_openai_two_calls and
# e2e_mixed_provider_two_calls): as two_calls_test.sh, with MODE openai (both calls on OpenAI
# Realtime, each user holding an OpenAI key) or mixed (call A on Gemini Live with a Gemini key,
# call B on OpenAI Realtime with an OpenAI key). The simulator speaks both protocols on one
# port; tones per key as before. OpenAI calls get their greeting from espeak-ng (no Gemini key
# to render it with), so their first GREETING_SKIP_S seconds are left out of the tone checks,
# and only Gemini keys render through the simulator's TTS. Below, the original description:
#
# The seed scenario (ctest e2e_two_calls_at_once). Two users with two keys place two calls
# at the same moment to two numbers through ONE SIPp gateway (gateway_uas_two_tones.xml:
# +15551001 plays 440 Hz, +15552002 plays 1300 Hz, in 1.5 s spurts so the AI's VAD sees turns
# end); the simulator runs in tone mode, where every reply and every TTS render is a tone whose
# frequency is a function of the API key (300 + 20 * (FNV-1a(key) mod 80)), and the keys are
# chosen so the two key tones differ from each other and the gateway tones. Both calls ask for
# the SAME greeting words, voice and language, so a greeting cache shared across keys would
# play key A's rendering in call B (issue 20). Each gateway call must hear its own key's tone,
# greeting included, and never the other key's.
# Proves, and fails with a clear message otherwise:
#   1. both POST /api/calls answer 201 and both calls become active, then end cleanly;
#   2. from the audio on the wire (tshark on lo, rtp_analyze.py): each server->gateway stream,
#      from its first packet, carries its own key's tone (>= -10 dB) and neither the other
#      key's tone nor the other call's gateway tone (<= -30 dB); its greeting window (the first
#      GREETING_WINDOW_S seconds) is its own key's tone alone; each gateway->server stream
#      carries only its own gateway tone; no stream lost, duplicated or reordered a packet;
#      the server sends RTP only to the two gateway addresses its calls' SDP named; each
#      call's inbound SSRC is its own tone file's SSRC;
#   3. GET /api/calls/{id}: own key fingerprint, distinct local RTP ports, greeting_latency_ms
#      present for both, status ended with end_reason local_hangup (POST .../hangup),
#      packets_dropped_foreign == 0;
#   4. from the simulator's per-key log: exactly the two keys, one session each, each with
#      audio in, key A heard 440 Hz and key B 1300 Hz (audio_in_dominant_hz), and exactly one
#      TTS render (the greeting) under each key;
#   5. no server log line mentions an RTP address change.
#   openai_calls_test.sh PATH_TO_voiceagent openai|mixed     (KEEP_WORK=1 keeps the work dir)
source "$(dirname "$0")/lib/e2e.sh"
source "$(dirname "$0")/lib/two_calls.sh"
VOICEAGENT=${1:?usage: openai_calls_test.sh PATH_TO_voiceagent openai|mixed}
MODE=${2:?usage: openai_calls_test.sh PATH_TO_voiceagent openai|mixed}
case $MODE in
  openai) PROV_A=openai PROV_B=openai ;;
  mixed) PROV_A=gemini PROV_B=openai ;;
  *) fail "mode must be openai or mixed, not $MODE" ;;
esac
GREETING_SKIP_S=${GREETING_SKIP_S:-4}
e2e_require sipp tshark curl jq
HOLD_S=${HOLD_S:-10}
# Two keys whose simulator tones are >= 200 Hz apart and >= 100 Hz from the gateway tones.
read -r KEY_A KEY_HZ_A KEY_B KEY_HZ_B < <(python3 "$E2E_TOOLS/sim_keys.py" --prefix e2e-key \
  --names A,B --avoid 440,1300 --away 100 --apart 200)
NUM_A=+15551001 NUM_B=+15552002  # E.164; the gateway picks tone_a for numbers ending in 1001
TONE_A=440 TONE_B=1300
SSRC_A=$((0x70E00000 + TONE_A)) SSRC_B=$((0x70E00000 + TONE_B))

# The same words for both calls: ~2.6 s of the key's tone from the simulator's TTS (60 ms a
# character), of which the first GREETING_WINDOW_S are checked on their own.
GREETING=${GREETING:-Hello, this is the two calls test speaking.}
GREETING_WINDOW_S=${GREETING_WINDOW_S:-2}
AGENT_A=$(jq -nc --arg g "$GREETING" --arg p "$PROV_A" '{greeting: $g, provider: $p}')
AGENT_B=$(jq -nc --arg g "$GREETING" --arg p "$PROV_B" '{greeting: $g, provider: $p}')
sim_start --mode tone --reply-length 1 --key "$KEY_A" --key "$KEY_B"
sipp_peer gw gateway_uas_two_tones.xml --tone $TONE_A --tone-b $TONE_B --burst 1500:1500 \
  --tone-seconds 40 --calls 2 --timeout 120
va_start --trunk "sip:127.0.0.1:${PEER_SIP_PORT[gw]}"
capture_start cap "udp and (port ${PEER_SIP_PORT[gw]} or port $VA_SIP_PORT or portrange ${PEER_MEDIA_PORT[gw]}-$((PEER_MEDIA_PORT[gw] + 11)) or portrange $VA_RTP_MIN-$VA_RTP_MAX)"

va_login
FP_A=$(va_add_key "$KEY_A" "e2e key A" "$PROV_A")
FP_B=$(va_add_key "$KEY_B" "e2e key B" "$PROV_B")
va_api GET /api/keys
for pair in "$FP_A $PROV_A" "$FP_B $PROV_B"; do
  set -- $pair
  got=$(jq -r --arg f "$1" '.items[] | select(.fingerprint == $f) | .provider' <<<"$API_BODY")
  [ "$got" = "$2" ] || fail "GET /api/keys: key $1 has provider '$got', expected $2"
done
two_users_with_keys "$PROV_A" "$PROV_B"

# --- two calls at the same moment (two concurrent POSTs)
two_calls_at_once "$AGENT_A" "$AGENT_B"
capture_stop cap

# --- 3. call records
va_get_call "$TOKEN_A" "$CALL_A" >"$WORK/call_a.json"
va_get_call "$TOKEN_B" "$CALL_B" >"$WORK/call_b.json"
check_record() {  # FILE FP SSRC NAME PROVIDER
  local f=$1 fp=$2 ssrc=$3 name=$4 provider=$5 v
  v=$(jq -r .media.provider "$f")
  [ "$v" = "$provider" ] || fail "$name: media.provider $v, expected $provider"
  v=$(jq -c '[.media.sessions[] | [.provider, .key_fingerprint]]' "$f")
  [ "$v" = "[[\"$provider\",\"$fp\"]]" ] || fail "$name: media.sessions $v, expected one $provider session under $fp"
  v=$(jq -r .media.key_fingerprint "$f")
  [ "$v" = "$fp" ] || fail "$name: key fingerprint $v, expected $fp"
  jq -e '.greeting_latency_ms | numbers' "$f" >/dev/null || fail "$name: no greeting_latency_ms"
  v=$(jq -r .end_reason "$f")
  [ "$v" = local_hangup ] || fail "$name: end_reason $v, expected local_hangup (POST .../hangup)"
  v=$(jq -r .status "$f")
  [ "$v" = ended ] || fail "$name: status $v, expected ended"
  v=$(jq -r .media.packets_dropped_foreign "$f")
  [ "$v" = 0 ] || fail "$name: packets_dropped_foreign = $v"
  v=$(jq -r .media.ssrc_in "$f")
  [ $((v)) = "$ssrc" ] || fail "$name: ssrc_in $v, expected $(printf 0x%08X "$ssrc") (its tone file)"
}
check_record "$WORK/call_a.json" "$FP_A" $SSRC_A "call A" "$PROV_A"
check_record "$WORK/call_b.json" "$FP_B" $SSRC_B "call B" "$PROV_B"
PORT_A=$(jq -r .media.local_rtp_port "$WORK/call_a.json")
PORT_B=$(jq -r .media.local_rtp_port "$WORK/call_b.json")
[ "$PORT_A" != "$PORT_B" ] || fail "both calls use local RTP port $PORT_A"
REMOTE_A=$(jq -r .media.remote_rtp "$WORK/call_a.json")
REMOTE_B=$(jq -r .media.remote_rtp "$WORK/call_b.json")
e2e_log "A: local $PORT_A remote $REMOTE_A greeting $(jq .greeting_latency_ms "$WORK/call_a.json") ms;" \
  "B: local $PORT_B remote $REMOTE_B greeting $(jq .greeting_latency_ms "$WORK/call_b.json") ms"

# --- 2. audio on the wire, from each stream's first packet (the greeting included)
TONES="$TONE_A,$TONE_B,$KEY_HZ_A,$KEY_HZ_B"
no_loss() {  # NAME: the streams of the last analyze lost, duplicated or reordered nothing
  local bad
  bad=$(jq -r '[.streams[] | select(.lost != 0 or .duplicates != 0 or .out_of_order != 0)
    | "\(.src)->\(.dst): lost \(.lost), dup \(.duplicates), reordered \(.out_of_order)"]
    | join("; ")' "$WORK/analyze_$E2E_ANALYZE_N.json")
  [ -z "$bad" ] || fail "$1: $bad"
}
# A Gemini call's greeting is its key's TTS rendering (a tone); an OpenAI call's is espeak-ng,
# left out of the tone checks below.
skip_a=0 skip_b=0
[ "$PROV_A" = openai ] && skip_a=$GREETING_SKIP_S
[ "$PROV_B" = openai ] && skip_b=$GREETING_SKIP_S
if [ "$PROV_A" = gemini ]; then
  analyze "$WORK/cap.pcapng" --dst "$REMOTE_A" --tones "$TONES" --max-s "$GREETING_WINDOW_S" \
    --expect $KEY_HZ_A --min-packets 100 ||
    fail "call A's greeting was not key A's rendering alone ($KEY_HZ_A Hz): a greeting rendered under another key?"
fi
analyze "$WORK/cap.pcapng" --dst "$REMOTE_A" --tones "$TONES" --contains $KEY_HZ_A --skip-s $skip_a \
  --min-tone-db -10 --foreign "$KEY_HZ_B,$TONE_B" --min-packets 100 ||
  fail "call A's caller did not hear only key A's AI ($KEY_HZ_A Hz): crosstalk or no AI audio"
no_loss "server -> call A"
analyze "$WORK/cap.pcapng" --dst "$REMOTE_B" --tones "$TONES" --contains $KEY_HZ_B --skip-s $skip_b \
  --min-tone-db -10 --foreign "$KEY_HZ_A,$TONE_A" --min-packets 100 ||
  fail "call B's caller did not hear only key B's AI ($KEY_HZ_B Hz): crosstalk or no AI audio"
no_loss "server -> call B"
analyze "$WORK/cap.pcapng" --src "$REMOTE_A" --tones "$TONES" --expect $TONE_A --min-packets 100 ||
  fail "call A's gateway did not send a clean $TONE_A Hz"
no_loss "call A -> server"
analyze "$WORK/cap.pcapng" --src "$REMOTE_B" --tones "$TONES" --expect $TONE_B --min-packets 100 ||
  fail "call B's gateway did not send a clean $TONE_B Hz"
no_loss "call B -> server"
analyze "$WORK/cap.pcapng" --src-port "$VA_RTP_MIN-$VA_RTP_MAX" --compact || true
stray=$(jq -r --arg a "$REMOTE_A" --arg b "$REMOTE_B" \
  '[.streams[] | select(.dst != $a and .dst != $b) | "\(.src)->\(.dst) ssrc \(.ssrc)"] | join(", ")' \
  "$WORK/analyze_$E2E_ANALYZE_N.json")
[ -z "$stray" ] || fail "server RTP went to addresses no call negotiated: $stray"

# --- 4. simulator per-key log
SIMLOG=$WORK/sim_sessions.jsonl
starts=$(jq -s -c '[.[] | select(.event == "session_start") | .key_fp] | sort' "$SIMLOG")
for pair in "$FP_A $PROV_A" "$FP_B $PROV_B"; do
  set -- $pair
  got=$(jq -s -r --arg k "$1" '[.[] | select(.event == "session_start" and .key_fp == $k) | (.provider // "gemini")][0] // "none"' "$SIMLOG")
  [ "$got" = "$2" ] || fail "key $1 talked to the simulator's $got side, expected $2"
done
[ "$starts" = "$(jq -nc --arg a "$FP_A" --arg b "$FP_B" '[$a, $b] | sort')" ] ||
  fail "simulator sessions by key: $starts, expected one each for $FP_A and $FP_B"
for fp in "$FP_A" "$FP_B"; do
  ms=$(jq -s --arg k "$fp" '[.[] | select(.event == "session_end" and .key_fp == $k) | .audio_in_ms] | add // 0' "$SIMLOG")
  [ "$ms" -gt 2000 ] || fail "key $fp: the simulator got only $ms ms of caller audio"
done
for pair in "$FP_A $TONE_A" "$FP_B $TONE_B"; do
  set -- $pair
  hz=$(jq -s -r --arg k "$1" '[.[] | select(.event == "session_end" and .key_fp == $k) | .audio_in_dominant_hz][0] // "missing"' "$SIMLOG")
  [ "$hz" != missing ] && [ "$hz" != null ] ||
    fail "the simulator log has no audio_in_dominant_hz: cannot prove from the per-key log that key $1 saw its own call's audio (ai/sim session_end should report it, e.g. with media::ToneDetector)"
  awk -v h="$hz" -v t="$2" 'BEGIN { exit !(h - t < 15 && t - h < 15) }' ||
    fail "key $1 heard $hz Hz, expected $2 Hz: audio crossed between calls"
done

# Gemini keys render their call's greeting (one TTS request each); OpenAI keys never reach
# Gemini's TTS.
renders=$(jq -s -c '[.[] | select(.event == "tts") | .key_fp] | sort' "$SIMLOG")
want=()
[ "$PROV_A" = gemini ] && want+=("$FP_A")
[ "$PROV_B" = gemini ] && want+=("$FP_B")
expected=$(printf '%s\n' "${want[@]}" | jq -R . | jq -s -c 'map(select(. != "")) | sort')
[ "$renders" = "$expected" ] ||
  fail "simulator TTS renders by key: $renders, expected $expected"

# --- 5. no RTP address change
if grep -Eni 'rtp.*(address|source|remote).*(chang|moved|switch|latch)|(address|source) change' \
  "$WORK/server.log" >"$WORK/addr_change.txt"; then
  fail "server log mentions an RTP address change: $(head -n3 "$WORK/addr_change.txt")"
fi
stop server
echo "PASS ($MODE: A on $PROV_A, B on $PROV_B): two concurrent calls, own ports/SSRCs/keys/providers, no crosstalk, no loss, local_hangup"
