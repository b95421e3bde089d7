#!/usr/bin/env bash
# E2E (issue 17): calls on G.729 and on Opus against `voiceagent serve`, the tone checked both
# ways: the AI (simulator, tone mode: its reply is a tone derived from the key) hears the
# phone's 1 kHz, and the phone hears the AI's key tone. The phone is the trunk
# (VOICEAGENT_SIP_TRUNK_URI on its address), so sip.trunk.codecs decides the codec.
#
#   codecs_test.sh VOICEAGENT g729 CODEC_TOOL
#     SIPp as a gateway calls in offering "0 18 101" (PCMU first, G.729 annexb=yes); with
#     rtp.codecs = "PCMU,PCMA,G722,G729,OPUS" and sip.trunk.codecs = "G729,PCMU" we must answer
#     18 (the trunk's order). SIPp plays a pcap made by our own G.729 encoder with Annex B VAD
#     (codec_tool g729-pcap): 1.5 s talk spurts as 20 ms speech packets, the pauses as SID
#     frames and gaps with no packets at all. What we sent back (PT 18) is taken from a capture
#     and decoded by codec_tool into a WAV for the tone check.
#   codecs_test.sh VOICEAGENT opus CODEC_TOOL
#     baresip (opus module, audio_codecs=opus) as the phone: we call it (our offer puts opus
#     first: sip.trunk.codecs = "OPUS,PCMU") and it calls us; it records what it hears (a WAV
#     decoded by its own libopus) and plays 1.5 s spurts of 1 kHz.
# Prints the measured levels and packet counts. Exit 77 (ctest skip) when a peer is missing.
source "$(dirname "$0")/lib/e2e.sh"
VOICEAGENT=$(realpath "${1:?usage: codecs_test.sh VOICEAGENT g729|opus CODEC_TOOL}")
MODE=${2:?g729|opus}
CODEC_TOOL=$(realpath "${3:?CODEC_TOOL}")
e2e_require curl jq python3 tshark
PHONE_HZ=1000
DID=+15550001729
HOLD_S=${HOLD_S:-10}

# A key whose simulator tone (300 + 20 * (FNV-1a(key) mod 80)) is >= 150 Hz from the phone's.
read -r KEY KEY_HZ < <(python3 "$E2E_TOOLS/sim_keys.py" --prefix e2e-codecs-key \
  --avoid "$PHONE_HZ" --away 150)

# ai_heard N: the simulator's N-th session under the key heard the phone's tone for > 2 s.
ai_heard() {
  local n=$1 hz ms
  wait_until 10 "the simulator's session_end #$n" sim_session_ended "$n"
  hz=$(jq -s -r --arg k "$FP" --argjson n "$n" \
    '[.[] | select(.event == "session_end" and .key_fp == $k)][$n - 1].audio_in_dominant_hz // "missing"' \
    "$WORK/sim_sessions.jsonl")
  ms=$(jq -s -r --arg k "$FP" --argjson n "$n" \
    '[.[] | select(.event == "session_end" and .key_fp == $k)][$n - 1].audio_in_ms // 0' \
    "$WORK/sim_sessions.jsonl")
  awk -v h="$hz" -v t=$PHONE_HZ 'BEGIN { exit !(h - t < 15 && t - h < 15) }' ||
    fail "call $n: the AI heard $hz Hz, expected the phone's $PHONE_HZ Hz"
  [ "$ms" -gt 2000 ] || fail "call $n: the simulator got only $ms ms of the phone's audio"
  AI_HEARD="AI heard $hz Hz for $ms ms"
}
sim_session_ended() {
  [ "$(jq -s --arg k "$FP" '[.[] | select(.event == "session_end" and .key_fp == $k)] | length' \
    "$WORK/sim_sessions.jsonl")" -ge "$1" ]
}

# phone_heard NAME WAV: the AI's key tone reached the phone after its first talk spurt, the
# phone's own tone never came back, and the level is that of a tone, not noise.
phone_heard() {
  local name=$1 wav=$2 first
  python3 "$E2E_TOOLS/tone_timeline.py" "$wav" --tone "$KEY_HZ" --min-db -6 --not-before 1.0 \
    >"$WORK/$name-timeline.json" 2>"$WORK/$name-timeline.err" ||
    fail "$name: the phone did not hear the AI's tone $KEY_HZ Hz: $(cat "$WORK/$name-timeline.err")"
  first=$(jq -r .first_s "$WORK/$name-timeline.json")
  analyze "$wav" --skip-s "$first" --tones "$KEY_HZ,$PHONE_HZ" --foreign "$PHONE_HZ" ||
    fail "$name: the phone heard its own $PHONE_HZ Hz back after $first s"
  jq -e '.streams[0].rms_dbfs > -40' "$WORK/analyze_$E2E_ANALYZE_N.json" >/dev/null ||
    fail "$name: what the phone heard is (nearly) silent: $(jq -c .streams "$WORK/analyze_$E2E_ANALYZE_N.json")"
  # The AI's reply alone: the loudest window of the key tone.
  PHONE_LEVEL=$(jq -r --arg t "$first" '[.windows[] | select(.tone_db > -3)] |
    "tone windows \(length), loudest \(map(.rms_dbfs) | max) dBFS"' "$WORK/$name-timeline.json")
  PHONE_HEARD="phone heard $KEY_HZ Hz from $first s ($PHONE_LEVEL; $(jq -c \
    '.streams[0] | {rms_dbfs, dominant_hz}' "$WORK/analyze_$E2E_ANALYZE_N.json") after it)"
}

# call_record NAME ID: the ended call with media both ways.
call_record() {
  local f=$WORK/$1.json
  va_get_call "$VA_TOKEN" "$2" >"$f"
  jq -e '.status == "ended"' "$f" >/dev/null || fail "$1: status $(jq -r .status "$f")"
  jq -e '.media.packets_in > 100 and .media.packets_out > 100' "$f" >/dev/null ||
    fail "$1: packets in/out $(jq -c '[.media.packets_in, .media.packets_out]' "$f")"
  RECORD="packets_in $(jq .media.packets_in "$f") packets_out $(jq .media.packets_out "$f")"
}

start_server() {  # TRUNK_PORT TRUNK_CODECS
  sim_start --mode tone --reply-length 1 --key "$KEY"
  va_start --trunk "sip:127.0.0.1:$1" VOICEAGENT_RTP_CODECS=PCMU,PCMA,G722,G729,OPUS \
    VOICEAGENT_SIP_TRUNK_CODECS="$2" VOICEAGENT_AI_GEMINI_TTS_URL=off \
    VOICEAGENT_SIP_INBOUND_ACL=127.0.0.1 VOICEAGENT_SIP_ALLOW_DIRECT_URI=true
  va_login
  FP=$(va_add_key "$KEY" "codecs e2e key")
  OWNER=$(va_add_user codec-owner 'Codec-owner-pw-1' admin)
  va_set_user_key "$OWNER" "$KEY"
  va_api POST /api/inbound-routes "{\"number\":\"$DID\",\"owner_id\":$OWNER}"
  [ "$API_STATUS" = 201 ] || fail "POST /api/inbound-routes: HTTP $API_STATUS $API_BODY"
  e2e_log "key $FP -> the AI's tone $KEY_HZ Hz; the phone plays $PHONE_HZ Hz"
}

latest_call() {  # the newest call record's id
  va_api GET "/api/calls?per_page=1"
  jq -r '.items[0].id // empty' <<<"$API_BODY"
}

source "$(dirname "$0")/codecs_test_$MODE.sh"
