#!/usr/bin/env bash
# The AI clients' CPU per session-second, Gemini Live beside OpenAI Realtime (issue 16; ctest
# bench_ai_provider_cpu): sim_load against its in-process simulator, once per provider, same
# sessions, seconds and chunking. Prints both "client threads" lines and fails if either run
# had a failed session or none went live.
#   provider_cpu.sh PATH_TO_sim_load [SESSIONS] [SECONDS]
set -euo pipefail
SIM_LOAD=${1:?usage: provider_cpu.sh PATH_TO_sim_load [SESSIONS] [SECONDS]}
SESSIONS=${2:-50}
SECONDS_RUN=${3:-5}
for provider in gemini openai; do
  out=$("$SIM_LOAD" --sessions "$SESSIONS" --seconds "$SECONDS_RUN" --sim-threads 1 \
    --provider "$provider" 2>&1) || { echo "$out"; echo "FAIL: sim_load --provider $provider"; exit 1; }
  live=$(sed -n 's/.*live \([0-9]*\), failed \([0-9]*\).*/\1 \2/p' <<<"$out")
  read -r n failed <<<"$live"
  [ "${n:-0}" -gt 0 ] && [ "${failed:-1}" = 0 ] ||
    { echo "$out"; echo "FAIL: $provider: live ${n:-?}, failed ${failed:-?}"; exit 1; }
  grep -E "client threads|downlink" <<<"$out" | sed "s/^/$provider: /"
done
