#!/usr/bin/env bash
# scripts/check-layering on a small tree: a clean tree passes; an rtp file that includes a sip
# header, an ai file that includes crm, and a CMakeLists linking a forbidden module each fail.
set -euo pipefail
check=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/src/"{core,sip/sdp,rtp,ai,crm,media}
echo '#include "core/result.h"' >"$tmp/src/rtp/ok.cc"
echo '#include "media/audio_frame.h"' >"$tmp/src/ai/ok.cc"
echo '#include "sip/sdp/codec.h"' >"$tmp/src/sip/ok.cc"
python3 "$check" --root "$tmp" >"$tmp/out" || { cat "$tmp/out"; echo "FAIL: clean tree rejected"; exit 1; }
expect_fail() {  # file line
  echo "$2" >"$tmp/src/$1"
  if python3 "$check" --root "$tmp" >"$tmp/out"; then
    echo "FAIL: $1 with '$2' passed"; exit 1
  fi
  grep -q "src/$1" "$tmp/out" || { cat "$tmp/out"; echo "FAIL: $1 not named"; exit 1; }
  rm "$tmp/src/$1"
}
expect_fail rtp/bad.cc '#include "sip/uri.h"'
expect_fail sip/sdp/bad.cc '#include "sip/transaction.h"'
expect_fail ai/bad.h '#include "crm/store.h"'
printf 'va_add_module(media SOURCES a.cc MODULES rtp core)\n' >"$tmp/src/media/CMakeLists.txt"
if python3 "$check" --root "$tmp" >"$tmp/out"; then echo "FAIL: CMake link not caught"; exit 1; fi
grep -q "va_media links va_rtp" "$tmp/out" || { cat "$tmp/out"; exit 1; }
echo "check-layering: all cases caught"
