#!/usr/bin/env bash
# baresip 1.0.0 (Debian baresip-core) as a real phone for the e2e tests: headless, plays a
# tone WAV (aufile), records what it hears (sndfile: DIR/rec/dump-*-dec.wav), auto-answers
# or dials, driven through ctrl_tcp. Recipes: shared/ref/test-peers.md section 2.
#
#   baresip_phone.sh config DIR --sip-port P --ctrl-port C [--tone HZ] [--tone-seconds S]
#                    [--answer auto|manual] [--user U] [--codec PCMU|PCMA|opus]
#                    [--register sip:REGISTRAR --password PW] [--srtp]
#       --srtp: mandatory SDES SRTP (module srtp, mediaenc=srtp-mand: RTP/SAVP with a=crypto)
#       writes DIR/config, DIR/accounts, DIR/tone.wav (16-bit mono 8 kHz, 48 kHz for opus:
#       aufile refuses any rate but the codec's; when the file ends baresip hangs up, so make
#       it longer than the call)
#   baresip_phone.sh run DIR          exec baresip -f DIR (foreground; use the harness' spawn)
#   baresip_phone.sh events DIR       append ctrl_tcp events to DIR/events.jsonl (foreground)
#   baresip_phone.sh dial DIR URI [TIMEOUT_S]   dial, return when CALL_ESTABLISHED
#   baresip_phone.sh hangup DIR [TIMEOUT_S]     hang up, return when CALL_CLOSED
#   baresip_phone.sh cmd DIR COMMAND [PARAMS]   any ctrl_tcp command (listcalls, quit, ...)
#   baresip_phone.sh recording DIR    path of the newest decoded (received) recording
#   baresip_phone.sh wait-event DIR TYPE TIMEOUT_S  wait until events.jsonl has TYPE
# Everything binds to 127.0.0.1 (net_interface 127.0.0.1; "lo" does not work in 1.0.0).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOOLS=$HERE/../tools
cmd=${1:?usage: baresip_phone.sh config|run|events|dial|hangup|cmd|recording|wait-event DIR ...}
dir=${2:?DIR missing}
shift 2

ctrl_port() { awk '$1 == "ctrl_tcp_listen" {split($2, a, ":"); print a[2]}' "$dir/config"; }

case $cmd in
  config)
    sip_port="" ctrl="" tone=1000 seconds=120 answer=auto user="" codec=PCMU reg="" pw="" srtp=""
    while [ $# -gt 0 ]; do
      case $1 in
        --sip-port) sip_port=$2; shift 2 ;;
        --ctrl-port) ctrl=$2; shift 2 ;;
        --tone) tone=$2; shift 2 ;;
        --tone-seconds) seconds=$2; shift 2 ;;
        --answer) answer=$2; shift 2 ;;
        --user) user=$2; shift 2 ;;
        --codec) codec=$2; shift 2 ;;
        --register) reg=$2; shift 2 ;;
        --password) pw=$2; shift 2 ;;
        --srtp) srtp=";mediaenc=srtp-mand"; shift ;;
        *) echo "baresip_phone.sh config: unknown option $1" >&2; exit 2 ;;
      esac
    done
    [ -n "$sip_port" ] && [ -n "$ctrl" ] || { echo "--sip-port and --ctrl-port are required" >&2; exit 2; }
    user=${user:-$sip_port}
    mkdir -p "$dir/rec"
    dir=$(cd "$dir" && pwd)
    python3 "$TOOLS/tone_gen.py" wav --freq "$tone" --seconds "$seconds" --out "$dir/tone.wav"
    # aufile takes the codec's rate as it is: Opus runs at 48 kHz (RFC 7587), so the tone too.
    if [ "$codec" = opus ]; then
      sox "$dir/tone.wav" -r 48000 "$dir/tone48.wav" && mv "$dir/tone48.wav" "$dir/tone.wav"
    fi
    cat >"$dir/config" <<CFG
poll_method		epoll
sip_listen		127.0.0.1:$sip_port
call_local_timeout	120
call_max_calls		4
audio_player		aubridge,sink_$sip_port
audio_alert		aubridge,alert_$sip_port
audio_source		aufile,$dir/tone.wav
ausrc_format		s16
auplay_format		s16
auenc_format		s16
audec_format		s16
audio_buffer		20-160
rtp_ports		10000-10998
rtcp_mux		no
jitter_buffer_delay	5-10
rtp_stats		yes
net_interface		127.0.0.1
dns_server		127.0.0.1:53
module_path		/usr/lib/baresip/modules
module			g711.so
module			aufile.so
module			aubridge.so
module			sndfile.so
$([ -n "${srtp:-}" ] && printf 'module\t\t\tsrtp.so\n')
$([ "$codec" = opus ] && printf 'module\t\t\topus.so\nopus_stereo\t\tno\nopus_sprop_stereo\tno\nopus_bitrate\t\t24000\n')
module_tmp		account.so
module_app		menu.so
module_app		ctrl_tcp.so
ctrl_tcp_listen		127.0.0.1:$ctrl
snd_path		$dir/rec
CFG
    if [ -n "$reg" ]; then
      # REGISTER every 60 s to REGISTRAR with digest credentials (RFC 3261 10.2, 22).
      host=${reg#sip:}
      echo "<sip:$user@$host>;auth_user=$user;auth_pass=$pw;regint=60;answermode=$answer;audio_codecs=$([ "$codec" = opus ] && echo opus/48000/1 || echo "$codec")${srtp:-}" >"$dir/accounts"
    else
      echo "<sip:$user@127.0.0.1:$sip_port>;regint=0;answermode=$answer;audio_codecs=$([ "$codec" = opus ] && echo opus/48000/1 || echo "$codec")${srtp:-}" >"$dir/accounts"
    fi
    ;;
  run) exec baresip -f "$(cd "$dir" && pwd)" ;;
  events) exec python3 "$HERE/baresip_ctrl.py" "$(ctrl_port)" --events "$dir/events.jsonl" ;;
  dial) python3 "$HERE/baresip_ctrl.py" "$(ctrl_port)" dial "${1:?URI}" --wait CALL_ESTABLISHED --timeout "${2:-15}" ;;
  hangup) python3 "$HERE/baresip_ctrl.py" "$(ctrl_port)" hangup --wait CALL_CLOSED --timeout "${1:-10}" ;;
  cmd) python3 "$HERE/baresip_ctrl.py" "$(ctrl_port)" "$@" ;;
  recording) ls -t "$dir"/rec/dump-*-dec.wav 2>/dev/null | head -n1 ;;
  wait-event)
    type=${1:?TYPE} limit=${2:-15}
    end=$((SECONDS + limit))
    until grep -q "\"type\": \"$type\"" "$dir/events.jsonl" 2>/dev/null; do
      [ $SECONDS -lt $end ] || { echo "no $type event within ${limit}s" >&2; exit 1; }
      sleep 0.1
    done ;;
  *) echo "unknown command $cmd" >&2; exit 2 ;;
esac
