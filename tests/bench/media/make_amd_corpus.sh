#!/usr/bin/env bash
# make_amd_corpus.sh OUT_DIR: the labelled answering-machine set for voicemail_detection_bench.
# Each recording is what a callee sends from the moment it answers, 8 kHz mono PCM16, 14 s:
#   human     people answering ("hello?", "yes, who is it?"), varied voices, speeds, lead-in
#             silence, some with line noise, some saying hello twice
#   voicemail greetings of 2-12 s by espeak-ng voices, with a beep (850-1400 Hz) or without
#   silence   an open line with faint noise
#   music     music-on-hold-like tones: melodies of sine notes and two-note chords, no gaps
# OUT_DIR/labels.tsv lists "file<TAB>label". Deterministic: the same files every run.
set -euo pipefail
out=${1:?usage: make_amd_corpus.sh OUT_DIR}
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
labels="$out/labels.tsv"
: >"$labels"

voices=(en-us en-gb en-gb-scotland en-gb-x-rp en-us+f3 en-gb+f2 en-us+m3 en+f4 en-gb-x-gbclan en+m7)

# say TEXT VOICE SPEED PITCH FILE: 8 kHz mono speech.
say() {
  espeak-ng -v "$2" -s "$3" -p "$4" -w "$tmp/raw.wav" "$1"
  sox -q "$tmp/raw.wav" -r 8000 -c 1 -b 16 "$5" norm -6
}
# silence MS FILE
silence() { sox -q -n -r 8000 -c 1 -b 16 "$2" trim 0 "$(awk "BEGIN{print $1/1000}")"; }
# finish NAME LABEL NOISE PARTS...: concatenates, pads to 14 s, adds line noise (0 = none).
finish() {
  local name=$1 label=$2 noise=$3
  shift 3
  sox -q "$@" "$tmp/joined.wav"
  sox -q -V1 "$tmp/joined.wav" "$tmp/padded.wav" pad 0 14 trim 0 14
  if [ "$noise" != 0 ]; then
    sox -q -n -r 8000 -c 1 -b 16 "$tmp/noise.wav" synth 14 pinknoise vol "$noise"
    sox -q -m "$tmp/padded.wav" "$tmp/noise.wav" "$out/$name.wav"
  else
    cp "$tmp/padded.wav" "$out/$name.wav"
  fi
  printf '%s.wav\t%s\n' "$name" "$label" >>"$labels"
}

humans=("Hello?" "Yes, who is it?" "Hello, who's calling?" "Hi." "Yeah?" "Hello." "Speaking."
  "Good morning." "Hello, yes?" "Hi there." "Yes?" "Hello, this is Mark." "Hey." "Who is this?"
  "Hello, Smith residence." "Yes, hello?" "Morning." "Hi, who's this?" "Hello there." "Yes, speaking.")
for i in "${!humans[@]}"; do
  v=${voices[$((i % ${#voices[@]}))]}
  speed=$((140 + (i * 13) % 60))
  pitch=$((30 + (i * 17) % 50))
  say "${humans[$i]}" "$v" "$speed" "$pitch" "$tmp/h.wav"
  silence $((200 + (i * 137) % 900)) "$tmp/lead.wav"
  noise=0
  [ $((i % 4)) = 1 ] && noise=0.01
  if [ $((i % 5)) = 3 ]; then  # no answer from our side: the person says hello again
    silence 1800 "$tmp/gap.wav"
    finish "human_$i" human "$noise" "$tmp/lead.wav" "$tmp/h.wav" "$tmp/gap.wav" "$tmp/h.wav"
  else
    finish "human_$i" human "$noise" "$tmp/lead.wav" "$tmp/h.wav"
  fi
done

greetings=(
  "Hi, you've reached John. I can't come to the phone right now, please leave a message after the tone."
  "You have reached the voicemail of Sarah Miller. Please leave your name and number and I will call you back."
  "The person you are calling is not available. Please leave a message."
  "Hello, this is Dave. Leave a message."
  "Hi, it's Anna, I'm away from my desk. Leave a message and I'll get back to you as soon as I can. Thanks."
  "Thank you for calling Acme Plumbing. Our office is closed. Please leave a message with your name, number and the reason for your call, and we will return your call on the next business day."
  "You've reached Mike and Laura. We're not home right now. Leave a message."
  "Please leave a message after the beep."
  "Hi, this is Tom's phone. Sorry I missed you, leave a message."
  "The number you have dialled cannot take your call. Please record your message after the tone. When you have finished, hang up."
  "Hello, you have reached the Jones family. We can't answer the phone right now. Please leave a message."
  "This is Karen. I'm in a meeting. Leave your message and I'll return your call."
  "Hi! Not here. Leave a message."
  "Welcome to the voice mailbox of extension four two one. The subscriber is unavailable. Please leave a message after the tone."
  "Hey, it's Chris. You know what to do."
  "Hello, you've reached Doctor Patel's office. If this is an emergency, please hang up and dial nine one one. Otherwise leave a message."
  "Sorry, I can't take your call right now. Please leave a message and I'll call you back."
  "Hi, you've reached the sales team at Northwind. All of our agents are busy. Leave a message."
  "This is Emma, leave a message."
  "You have reached a mailbox that is not set up yet. Goodbye."
  "Hi, this is Paul. I'm travelling this week with limited access to my phone. Please leave a message or send me an email."
  "Hello, you've reached Rita. Please leave a message after the tone and have a great day."
)
beeps=(1000 1400 850 1000 1200 950 1000 1100)
for i in "${!greetings[@]}"; do
  v=${voices[$(((i + 3) % ${#voices[@]}))]}
  speed=$((150 + (i * 11) % 40))
  pitch=$((35 + (i * 23) % 40))
  say "${greetings[$i]}" "$v" "$speed" "$pitch" "$tmp/g.wav"
  silence $((300 + (i * 211) % 800)) "$tmp/lead.wav"
  noise=0
  [ $((i % 3)) = 2 ] && noise=0.01
  if [ $((i % 3)) != 1 ]; then  # two in three end in a beep
    silence 400 "$tmp/pre.wav"
    sox -q -n -r 8000 -c 1 -b 16 "$tmp/beep.wav" synth 0.$((3 + i % 5)) sine "${beeps[$((i % 8))]}" vol 0.5
    finish "voicemail_$i" voicemail "$noise" "$tmp/lead.wav" "$tmp/g.wav" "$tmp/pre.wav" "$tmp/beep.wav"
  else
    finish "voicemail_$i" voicemail "$noise" "$tmp/lead.wav" "$tmp/g.wav"
  fi
done

for i in 0 1 2; do
  sox -q -n -r 8000 -c 1 -b 16 "$tmp/s.wav" synth 14 whitenoise vol "0.00$((i + 1))"
  finish "silence_$i" silence 0 "$tmp/s.wav"
done

notes=(262 294 330 349 392 440 494 523 587 659)
for i in 0 1 2 3; do
  parts=()
  for j in $(seq 0 15); do
    f1=${notes[$(((i * 3 + j * 7) % 10))]}
    f2=${notes[$(((i * 5 + j * 3 + 2) % 10))]}
    if [ $((i % 2)) = 1 ]; then
      sox -q -n -r 8000 -c 1 -b 16 "$tmp/n$j.wav" synth 0.5 sine "$f1" sine "$f2" remix - vol 0.4
    else
      sox -q -n -r 8000 -c 1 -b 16 "$tmp/n$j.wav" synth 0.5 sine "$f1" vol 0.4
    fi
    parts+=("$tmp/n$j.wav")
  done
  finish "music_$i" music 0 "${parts[@]}"
done
echo "$(wc -l <"$labels") recordings in $out"
