// Probe for layering_build_refuses_forbidden_include: compiled as rtp/ code (with rtp's include
// roots only), an include of a sip/ header must not compile (DESIGN.md: sip and rtp never
// include each other).
#include "rtp/rtp_packet.h"
#include "sip/uri.h"

int va_layering_probe_bad() {
  return 0;
}
