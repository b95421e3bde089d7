// Control for the probe beside it: the same rtp/ code with only allowed includes compiles.
#include "core/result.h"
#include "rtp/rtp_packet.h"

int va_layering_probe_good() {
  return 0;
}
