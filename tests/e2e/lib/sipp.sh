# SIPp peers for the e2e harness (sourced by e2e.sh).
#
#   sipp_peer NAME SCENARIO [options] [-- extra sipp args]
#     --tone HZ          tone the peer plays (tone.pcap in its own dir; default 440)
#     --tone-b HZ        also write tone_a.pcap (--tone) and tone_b.pcap (this) for
#                        gateway_uas_two_tones.xml (numbers ending in 1001 get tone_a)
#     --codec pcmu|pcma  payload of the tone and of its SDP (default pcmu)
#     --burst ON:OFF     tone spurts of ON ms with OFF ms of silence (turns for the AI's VAD)
#     --tone-seconds S   length of tone.pcap (default 30; play_pcap_audio plays it once)
#     --wav FILE         tone.pcap carries this 8 kHz mono WAV instead of a tone
#     --remote HOST:PORT where a UAC scenario sends its INVITEs
#     --calls N          -m N (default 1)   --max-calls N (media port block, default calls)
#     --timeout S        SIPp's -timeout (default 60)
#   Sets PEER_SIP_PORT[NAME], PEER_MEDIA_PORT[NAME] (first of a block of 4 per call: SIPp
#   gives each call's play_pcap_audio its own [auto_media_port]), PEER_DIR[NAME].
#   Files: $WORK/NAME.log (stdout), NAME.calls (scenario <log> lines), NAME.err,
#   NAME.screen, NAME.stat.csv.
#   sipp_stat NAME COLUMN  -> last value of a column of NAME.stat.csv (e.g. SuccessfulCall(C))
declare -A PEER_SIP_PORT=() PEER_MEDIA_PORT=() PEER_DIR=()

sipp_peer() {
  local name=$1 scenario=$2
  shift 2
  local tone=440 tone_b="" codec=pcmu seconds=30 remote="" calls=1 max_calls="" timeout=60
  local gen_extra=()
  while [ $# -gt 0 ] && [ "$1" != -- ]; do
    case $1 in
      --tone) tone=$2; shift 2 ;;
      --tone-b) tone_b=$2; shift 2 ;;
      --burst) gen_extra=(--burst "$2"); shift 2 ;;
      --codec) codec=$2; shift 2 ;;
      --tone-seconds) seconds=$2; shift 2 ;;
      --wav) gen_extra+=(--from-wav "$2"); shift 2 ;;
      --remote) remote=$2; shift 2 ;;
      --calls) calls=$2; shift 2 ;;
      --max-calls) max_calls=$2; shift 2 ;;
      --timeout) timeout=$2; shift 2 ;;
      *) fail "sipp_peer: unknown option $1" ;;
    esac
  done
  [ $# -gt 0 ] && shift
  case $codec in
    pcmu) local pt=0 enc=PCMU ;;
    pcma) local pt=8 enc=PCMA ;;
    *) fail "sipp_peer: codec must be pcmu or pcma" ;;
  esac
  local dir=$WORK/$name
  mkdir -p "$dir"
  python3 "$E2E_TOOLS/tone_gen.py" pcap --freq "$tone" --seconds "$seconds" --codec "$codec" \
    "${gen_extra[@]}" --out "$dir/tone.pcap"
  if [ -n "$tone_b" ]; then
    cp "$dir/tone.pcap" "$dir/tone_a.pcap"
    python3 "$E2E_TOOLS/tone_gen.py" pcap --freq "$tone_b" --seconds "$seconds" --codec "$codec" \
      "${gen_extra[@]}" --out "$dir/tone_b.pcap"
  fi
  local sip_port media_port
  sip_port=$(free_port)
  media_port=$(free_port_range $((4 * ${max_calls:-$calls} + 4)))
  PEER_SIP_PORT[$name]=$sip_port
  PEER_MEDIA_PORT[$name]=$media_port
  PEER_DIR[$name]=$dir
  local scen=$scenario
  [ -f "$scen" ] || scen=$E2E_SCENARIOS/$scenario
  [ -f "$scen" ] || scen=$E2E_SCENARIOS/$scenario.xml
  [ -f "$scen" ] || fail "sipp_peer: no scenario $scenario"
  # SIPp looks for pcaps next to the scenario first: run a private copy in the peer's dir.
  cp "$scen" "$dir/scenario.xml"
  local args=(-sf "$dir/scenario.xml" -i 127.0.0.1 -mi 127.0.0.1 -p "$sip_port" -mp "$media_port"
    -key pt "$pt" -key codec "$enc" -m "$calls" -nostdin -timeout "${timeout}s"
    -trace_logs -log_file "$WORK/$name.calls" -trace_err -error_file "$WORK/$name.err"
    -trace_screen -screen_file "$WORK/$name.screen" -trace_stat -stf "$WORK/$name.stat.csv" -fd 1)
  [ -n "$remote" ] && args=("$remote" "${args[@]}")
  spawn "$name" --cwd "$dir" --timeout $((timeout + 30)) -- sipp "${args[@]}" "$@"
  # A UAS is ready once its SIP port is bound (bounded wait).
  wait_until 10 "sipp $name bound to UDP $sip_port" sipp_port_bound "$sip_port"
}

sipp_port_bound() {
  # Not `ss | grep -q`: under pipefail an early grep exit can fail the pipeline (SIGPIPE).
  [ -n "$(ss -Hlun "sport = :$1")" ]
}

sipp_stat() {
  python3 - "$WORK/$1.stat.csv" "$2" <<'PY'
import sys
rows = [l.rstrip("\n").split(";") for l in open(sys.argv[1]) if l.strip()]
print(rows[-1][rows[0].index(sys.argv[2])])
PY
}

# Lines of NAME.calls whose event column (3rd) is EVENT.
sipp_events() {
  awk -F';' -v ev="$2" '$3 == ev' "$WORK/$1.calls" 2>/dev/null
}
