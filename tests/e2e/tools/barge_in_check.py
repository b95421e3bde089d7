#!/usr/bin/env python3
"""Barge-in at the phone: after each speech_started the AI's audio stops within one frame.

    barge_in_check.py CAPTURE --dst IP:PORT --tone HZ --events FILE [--slack-ms 5]

CAPTURE: what tshark wrote on lo. --dst: the phone's RTP address (server -> phone packets are
read). --tone: the AI's tone (the simulator's per-key tone). --events: a JSON array of unix
times in ms at which the simulator sent input_audio_buffer.speech_started during a response.
A packet "carries the AI" when the tone holds at least half of its power. For each event T,
packets carrying the AI that leave after T + slack and before T + 500 ms are counted: more than
one (one 20 ms frame may already be on its way when the client hears speech_started) fails.
At least one event must have had the AI audible in the 200 ms before it (else nothing was
interrupted and the check proves nothing). Prints JSON per event; exit 1 with FAIL lines.
"""
import argparse
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import g711  # noqa: E402
import rtp_analyze  # noqa: E402


def packets(capture, ip, port):
    out = subprocess.run(
        ["tshark", "-n", "-r", capture, "-Y", "ip.dst==%s && udp.dstport==%s" % (ip, port),
         "-T", "fields", "-e", "frame.time_epoch", "-e", "udp.payload"],
        check=True, capture_output=True, text=True).stdout
    for line in out.splitlines():
        parts = line.split("\t")
        if len(parts) != 2 or not parts[1]:
            continue
        rtp = rtp_analyze.parse_rtp(bytes.fromhex(parts[1].replace(":", "")))
        if not rtp:
            continue
        pt, _, _, _, media = rtp
        if pt not in (0, 8):
            continue
        yield float(parts[0]) * 1000.0, g711.decode(media, "pcmu" if pt == 0 else "pcma")


def carries(samples, tone):
    total = sum(s * s for s in samples)
    if total <= 0:
        return False
    return rtp_analyze.goertzel_power(samples, tone, 8000) * 2 / len(samples) >= 0.5 * total


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("capture")
    p.add_argument("--dst", required=True)
    p.add_argument("--tone", type=float, required=True)
    p.add_argument("--events", required=True)
    p.add_argument("--slack-ms", type=float, default=5.0)
    a = p.parse_args()
    ip, port = a.dst.rsplit(":", 1)
    ai = [t for t, s in packets(a.capture, ip, port) if carries(s, a.tone)]
    with open(a.events) as f:
        events = json.load(f)
    problems, report, audible = [], [], 0
    for t in events:
        before = sum(1 for x in ai if t - 200 <= x <= t)
        after = [round(x - t, 1) for x in ai if t + a.slack_ms < x <= t + 500]
        audible += before > 0
        report.append({"at": t, "ai_packets_200ms_before": before, "ai_packets_after_ms": after})
        if len(after) > 1:
            problems.append("AI audio went on after speech_started at %d: %d packets at %s ms"
                            % (t, len(after), after))
    print(json.dumps({"ai_packets": len(ai), "events": report}, indent=1))
    if not audible:
        problems.append("no speech_started came while the AI was audible at the phone")
    for pr in problems:
        print("FAIL: " + pr, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
