#!/usr/bin/env bash
# E2E, issue 15 audio watchdog (ctest e2e_watchdog): `voiceagent serve` with
# VOICEAGENT_AI_WATCHDOG_SILENCE_S=2 against the simulator's stalling model (--stall-key): four
# outbound calls to a SIPp gateway whose phone talks twice (1.5 s on, 1.5 s off, 1.5 s on),
# one owner (and key) per call. Each model answers the first utterance, then stalls:
#   silent:never     sends nothing again       -> nudge, reconnect, apology + BYE (ai_stalled)
#   zeros:never      answers in digital silence -> the same (silence that is sent is no answer)
#   silent:nudge     answers once nudged        -> the call goes on
#   silent:reconnect answers after a reconnect  -> the call goes on
# Checked: the two dead calls end ai_stalled within 4.5 s + 0.7 s + 3 x 2 s + the apology
# (whose playout the hangup waits for, at most 8 s: bounded at 20 s after the answer); the
# two recovering calls are still active 18 s after theirs; each step is a `system` line on
# the call's transcript; the server log has each step with the call's id; /metrics counts
# va_ai_watchdog_total nudge >= 4, reconnect >= 3, give_up = 2, recovered >= 2; the
# simulator received the nudge text on the stalled sessions.
#   watchdog_test.sh PATH_TO_voiceagent        (KEEP_WORK=1 keeps the work dir)
source "$(dirname "$0")/lib/e2e.sh"
VOICEAGENT=${1:?usage: watchdog_test.sh PATH_TO_voiceagent}
e2e_require sipp curl jq python3

MODES=(silent:never zeros:never silent:nudge silent:reconnect)
declare -A KEY_OF=()
stall_args=()
for m in "${MODES[@]}"; do
  KEY_OF[$m]="e2e-stall-${m/:/-}-$RANDOM"
  stall_args+=(--stall-key "${KEY_OF[$m]}:$m")
done
sim_start --mode tone --reply-length 1 --stall-after 1 "${stall_args[@]}"
sipp_peer gw gateway_uas_tone.xml --tone 700 --burst 1500:1500 --tone-seconds 4.5 --calls 4 \
  --timeout 90
# Provider failover off: with it (the default) a dead model's call goes on with the embedded
# simulator's OpenAI side before any apology (issue 16, tests/e2e/failover_test.sh); this test
# is about the ladder itself, down to its last step.
va_start --allow-direct-uri VOICEAGENT_AI_WATCHDOG_SILENCE_S=2 \
  VOICEAGENT_AI_GEMINI_TTS_URL=off VOICEAGENT_RECORDINGS_ENABLED=false VOICEAGENT_AI_FAILOVER=false
va_login
declare -A TOKEN_OF=() CALL_OF=()
i=0
for m in "${MODES[@]}"; do
  i=$((i + 1))
  va_add_key "${KEY_OF[$m]}" "stall $m" >/dev/null
  uid=$(va_add_user "stall-owner-$i" "Stall-owner-pw-$i" admin)
  va_set_user_key "$uid" "${KEY_OF[$m]}"
  saved=$VA_TOKEN
  va_login "stall-owner-$i" "Stall-owner-pw-$i"
  TOKEN_OF[$m]=$VA_TOKEN
  VA_TOKEN=$saved
done
for m in "${MODES[@]}"; do
  CALL_OF[$m]=$(va_place_call "${TOKEN_OF[$m]}" "sip:stall@127.0.0.1:${PEER_SIP_PORT[gw]}")
done
for m in "${MODES[@]}"; do va_wait_call "${TOKEN_OF[$m]}" "${CALL_OF[$m]}" active 15; done

# The dead ones end by themselves.
for m in silent:never zeros:never; do
  va_wait_call "${TOKEN_OF[$m]}" "${CALL_OF[$m]}" ended 25
  c=$(va_get_call "${TOKEN_OF[$m]}" "${CALL_OF[$m]}")
  e2e_log "$m: $(jq -c '{end_reason, answered_at, ended_at}' <<<"$c")"
  [ "$(jq -r .end_reason <<<"$c")" = ai_stalled ] || fail "$m: end_reason $(jq -r .end_reason <<<"$c")"
  took=$(($(jq -r .ended_at <<<"$c") - $(jq -r .answered_at <<<"$c")))
  [ "$took" -ge 9000 ] || fail "$m: ended $took ms after the answer: before the ladder could run"
  [ "$took" -le 20000 ] || fail "$m: ended $took ms after the answer (bound 20000)"
  # The call shows each step on its transcript (system lines).
  steps=$(jq -c '[.transcript[] | select(.who == "system") | .text]' <<<"$c")
  for word in nudged reconnected ai_stalled; do
    grep -q "$word" <<<"$steps" || fail "$m: no '$word' system line on the transcript: $steps"
  done
  id=${CALL_OF[$m]}
  for step in "no AI audio 2 s after the caller stopped: nudging" "reconnecting the session" \
    "the AI stayed silent after a reconnect: ending the call"; do
    grep "call=$id " "$WORK/server.log" | grep -q "watchdog: .*$step" ||
      grep "call=$id " "$WORK/server.log" | grep -q "$step" ||
      fail "$m: no '$step' line for call $id in the server log"
  done
done

# The recovering ones go on.
for m in silent:nudge silent:reconnect; do
  c=$(va_get_call "${TOKEN_OF[$m]}" "${CALL_OF[$m]}")
  answered=$(jq -r .answered_at <<<"$c")
  now=$(($(date +%s%3N)))
  [ $((now - answered)) -lt 18000 ] && sleep "$(awk "BEGIN{print (18000 - ($now - $answered)) / 1000}")"
  c=$(va_get_call "${TOKEN_OF[$m]}" "${CALL_OF[$m]}")
  e2e_log "$m after 18 s: $(jq -c '{status, end_reason}' <<<"$c")"
  [ "$(jq -r .status <<<"$c")" = active ] || fail "$m: the call did not go on: $c"
  jq -e '[.transcript[] | select(.who == "system" and (.text | test("speaking again")))]
    | length >= 1' <<<"$c" >/dev/null || fail "$m: no recovery line on the transcript: $c"
done

metrics=$(curl -fsS "$VA_HTTP/metrics")
step_count() { awk -v s="va_ai_watchdog_total{step=\"$1\"}" '$1 == s {print $2}' <<<"$metrics"; }
nudge=$(step_count nudge) reconnect=$(step_count reconnect) give_up=$(step_count give_up)
recovered=$(step_count recovered)
e2e_log "metrics: nudge $nudge reconnect $reconnect give_up $give_up recovered $recovered"
[ "${nudge:-0}" -ge 4 ] || fail "nudges counted: ${nudge:-none}"
[ "${reconnect:-0}" -ge 3 ] || fail "reconnects counted: ${reconnect:-none}"
[ "${give_up:-0}" = 2 ] || fail "give-ups counted: ${give_up:-none}"
[ "${recovered:-0}" -ge 2 ] || fail "recoveries counted: ${recovered:-none}"
grep -q '"event":"text_in".*has heard nothing' "$WORK/sim_sessions.jsonl" ||
  fail "the simulator never received the nudge text"

for m in silent:nudge silent:reconnect; do
  saved=$VA_TOKEN
  VA_TOKEN=${TOKEN_OF[$m]}
  va_api POST "/api/calls/${CALL_OF[$m]}/hangup"
  VA_TOKEN=$saved
done
echo "PASS: stalls caught within the configured time; nudged, reconnected; dead AIs ended politely (ai_stalled), recovering ones went on"
