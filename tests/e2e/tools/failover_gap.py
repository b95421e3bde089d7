#!/usr/bin/env python3
"""The silence of an AI provider failover, as the phone heard it.

    failover_gap.py capture.pcapng --dst ADDR:PORT --before-hz F1 --after-hz F2 [--frame-ms 20]

Decodes the server -> phone RTP stream (G.711) in sequence order and classifies each 20 ms
frame by its tone: the first provider's simulated voice (F1), the second's (F2), or neither
(our speech, silence). The gap is the stream time from the end of the last F1 frame before the
first F2 frame to the start of that F2 frame: 20 ms a packet, the pacer's clock, which is what
the phone plays. Prints JSON {"gap_ms", "last_before_s", "first_after_s", "before_frames",
"after_frames", "between_speech_frames"}; exit 1 with a FAIL line when either tone never plays
or the second plays before the first ends.
"""
import argparse
import json
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rtp_analyze  # noqa: E402


def frame_kind(frame, rate, f1, f2):
    energy = sum(x * x for x in frame)
    if not frame or energy <= 0:
        return None
    rms = math.sqrt(energy / len(frame))
    if 20 * math.log10(rms / 32768) < -45:
        return None  # silence (comfort, or digital zero)
    for name, f in (("before", f1), ("after", f2)):
        share = 2 * rtp_analyze.goertzel_power(frame, f, rate) / len(frame) / energy
        if share > 0.6:
            return name
    return "speech"


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("capture")
    p.add_argument("--dst", required=True, help="the phone's RTP address (ADDR:PORT)")
    p.add_argument("--before-hz", type=float, required=True)
    p.add_argument("--after-hz", type=float, required=True)
    p.add_argument("--frame-ms", type=int, default=20)
    a = p.parse_args()
    streams = [s for s in rtp_analyze.collect_streams(a.capture)
               if rtp_analyze.addr_match(a.dst, s.dst)]
    if not streams:
        print("FAIL: no RTP stream to %s" % a.dst, file=sys.stderr)
        return 1
    stream = max(streams, key=lambda s: s.packets)
    facts = stream.sequence_facts()
    samples = stream.samples(stream.main_pt(), facts["ordered"]) or []
    rate = rtp_analyze.RATE
    n = rate * a.frame_ms // 1000
    kinds = [frame_kind(samples[i:i + n], rate, a.before_hz, a.after_hz)
             for i in range(0, len(samples) - n + 1, n)]
    first_after = next((i for i, k in enumerate(kinds) if k == "after"), None)
    if first_after is None:
        print("FAIL: the second provider's tone (%g Hz) never reached the phone" % a.after_hz,
              file=sys.stderr)
        return 1
    last_before = next((i for i in range(first_after - 1, -1, -1) if kinds[i] == "before"), None)
    if last_before is None:
        print("FAIL: the first provider's tone (%g Hz) never reached the phone before the second's"
              % a.before_hz, file=sys.stderr)
        return 1
    if any(k == "before" for k in kinds[first_after:]):
        later = next(i for i in range(first_after, len(kinds)) if kinds[i] == "before")
        print("FAIL: the first provider was heard again at %.2f s, after the switch"
              % (later * a.frame_ms / 1000), file=sys.stderr)
        return 1
    gap = (first_after - last_before - 1) * a.frame_ms
    print(json.dumps({
        "gap_ms": gap,
        "last_before_s": round((last_before + 1) * a.frame_ms / 1000, 3),
        "first_after_s": round(first_after * a.frame_ms / 1000, 3),
        "before_frames": kinds.count("before"),
        "after_frames": kinds.count("after"),
        "between_speech_frames": kinds[last_before + 1:first_after].count("speech"),
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
