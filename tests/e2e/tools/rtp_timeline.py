#!/usr/bin/env python3
"""When things were heard on the wire: per-packet RTP timing for the issue 15 e2e tests.

    rtp_timeline.py briefing-first CAP --dst-port LO-HI --tone 1000 [--min-speech-s 1.0]
    rtp_timeline.py message-after-beep CAP --peer-ports LO-HI --beep 1000
    rtp_timeline.py tone-after CAP (--dst-port LO-HI | --dst-rtp HOST:PORT) --after-s T \
        --tone 1300 --foreign 440,700,1000

Packets come from tshark (capture time, addresses, SSRC, payload; RTP found heuristically) and
are decoded as G.711 (PT 0 u-law, PT 8 A-law); each 20 ms packet gets its level in dBFS and the
share of its power at a tone (Goertzel, dB; 0 = nothing but the tone).
  briefing-first: the stream(s) to --dst-port (a warm transfer's person) must carry speech
    (loud packets without the tone) for at least --min-speech-s before the first packet
    dominated by --tone (the caller, connected after the briefing).
  message-after-beep: the end of the beep in what the voicemail gateway (RTP ports
    --peer-ports) sent, and the first loud packet after it of what it received (our
    message); no loud packet of ours may come in the 2 s before the beep's end (nobody talked
    over the greeting). Prints beep_end_s, message_start_s and delay_ms.
  tone-after: what reached the destination from capture time T on is --tone (at least half
    its power) and none of --foreign (each below -30 dB): a bridge's legs without crosstalk.
JSON on stdout; exit 1 with a FAIL line when the check does not hold.
"""
import argparse
import json
import math
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import g711  # noqa: E402

LOUD_DBFS = -35.0  # speech or a prompt; the idle line (noise, silence) is far below
TONE_DB = -3.0     # the tone holds at least half the packet's power


def packets(cap):
    cmd = ["tshark", "-n", "-r", cap, "-o", "rtp.heuristic_rtp:TRUE", "-Y", "rtp",
           "-T", "fields", "-E", "separator=|", "-e", "frame.time_relative", "-e", "udp.srcport",
           "-e", "ip.dst",
           "-e", "udp.dstport", "-e", "rtp.ssrc", "-e", "rtp.p_type", "-e", "rtp.payload"]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    for line in out.splitlines():
        f = line.split("|")
        if len(f) < 7 or not f[6]:
            continue
        pt = int(f[5])
        if pt not in (0, 8):
            continue
        payload = bytes.fromhex(f[6].replace(":", ""))
        samples = g711.decode(payload, "pcmu" if pt == 0 else "pcma")
        yield {"t": float(f[0]), "src": int(f[1]), "dst": int(f[3]), "ssrc": f[4],
               "dst_rtp": "%s:%s" % (f[2], f[3]), "samples": samples}


def level_db(samples):
    e = sum(s * s for s in samples) / max(1, len(samples))
    return 10 * math.log10(e / (32768.0 * 32768.0)) if e > 0 else -120.0


def tone_share_db(samples, freq, rate=8000):
    n = len(samples)
    if n == 0:
        return -120.0
    coeff = 2 * math.cos(2 * math.pi * freq / rate)
    s1 = s2 = 0.0
    for x in samples:
        s1, s2 = x + coeff * s1 - s2, s1
    power = (s1 * s1 + s2 * s2 - coeff * s1 * s2) * 2 / n
    total = sum(x * x for x in samples)
    return 10 * math.log10(power / total) if power > 0 and total > 0 else -120.0


def port_range(text):
    lo, _, hi = text.partition("-")
    return int(lo), int(hi or lo)


def tone_power(samples, freq, rate=8000):
    n = len(samples)
    coeff = 2 * math.cos(2 * math.pi * freq / rate)
    s1 = s2 = 0.0
    for x in samples:
        s1, s2 = x + coeff * s1 - s2, s1
    # The tone's mean power per sample over the block (a full-scale sine: 0.5 * A^2).
    return (s1 * s1 + s2 * s2 - coeff * s1 * s2) * 2 / (n * n) if n else 0.0


def tone_after(a):
    lo, hi = port_range(a.dst_port) if a.dst_port else (None, None)
    freqs = [a.tone] + [float(f) for f in a.foreign.split(",") if f]
    heard, count = [], 0
    for p in packets(a.cap):
        to_us = (lo <= p["dst"] <= hi) if lo is not None else p["dst_rtp"] == a.dst_rtp
        if not to_us or p["t"] < a.after_s:
            continue
        count += 1
        heard.extend(p["samples"])
    # 200 ms blocks: 5 Hz resolution, so a neighbour tone does not leak into another's bin.
    power = {f: 0.0 for f in freqs}
    total = float(sum(x * x for x in heard))
    for i in range(0, len(heard) - 1600 + 1, 1600):
        block = heard[i:i + 1600]
        for f in freqs:
            power[f] += tone_power(block, f) * len(block)
    db = {str(f): (round(10 * math.log10(power[f] / total), 2) if power[f] > 0 and total > 0
                   else -120.0) for f in freqs}
    print(json.dumps({"packets": count, "share_db": db}))
    problems = []
    if count < a.min_packets:
        problems.append("only %d packets after %g s" % (count, a.after_s))
    if float(db[str(a.tone)]) < TONE_DB:
        problems.append("%g Hz holds %s dB, want >= %g" % (a.tone, db[str(a.tone)], TONE_DB))
    for f in freqs[1:]:
        if float(db[str(f)]) > -30:
            problems.append("foreign %g Hz at %s dB (crosstalk)" % (f, db[str(f)]))
    for pr in problems:
        print("FAIL: " + pr, file=sys.stderr)
    return 1 if problems else 0


def briefing_first(a):
    lo, hi = port_range(a.dst_port)
    speech, first_tone, first_speech, ssrcs = 0, None, None, set()
    for p in packets(a.cap):
        if not lo <= p["dst"] <= hi:
            continue
        ssrcs.add(p["ssrc"])
        loud = level_db(p["samples"]) >= LOUD_DBFS
        tone = loud and tone_share_db(p["samples"], a.tone) >= TONE_DB
        if tone and first_tone is None:
            first_tone = p["t"]
        if loud and not tone and first_tone is None:
            speech += 1
            first_speech = p["t"] if first_speech is None else first_speech
    out = {"first_speech_s": first_speech, "first_tone_s": first_tone,
           "speech_before_tone_s": round(speech * 0.02, 2), "ssrcs": sorted(ssrcs)}
    print(json.dumps(out))
    if first_tone is None:
        print("FAIL: the %g Hz tone never reached ports %s" % (a.tone, a.dst_port), file=sys.stderr)
        return 1
    if speech * 0.02 < a.min_speech_s:
        print("FAIL: only %.2f s of speech before the tone (want >= %g s)" %
              (speech * 0.02, a.min_speech_s), file=sys.stderr)
        return 1
    return 0


def message_after_beep(a):
    lo, hi = port_range(a.peer_ports)
    all_packets = list(packets(a.cap))
    beep_end = None
    for p in all_packets:
        if not lo <= p["src"] <= hi:
            continue
        if level_db(p["samples"]) >= LOUD_DBFS and tone_share_db(p["samples"], a.beep) >= TONE_DB:
            beep_end = p["t"] + 0.02
    ours = [p for p in all_packets if lo <= p["dst"] <= hi]
    loud = [p["t"] for p in ours if level_db(p["samples"]) >= LOUD_DBFS]
    start = next((t for t in loud if beep_end is not None and t >= beep_end - 0.02), None)
    over = [t for t in loud if beep_end is not None and beep_end - 2.0 <= t < beep_end - 0.02]
    out = {"beep_end_s": beep_end, "message_start_s": start,
           "delay_ms": None if start is None else round((start - beep_end) * 1000),
           "loud_packets_before_beep_end_2s": len(over),
           "message_s": round(sum(1 for t in loud if start is not None and t >= start) * 0.02, 2)}
    print(json.dumps(out))
    if beep_end is None:
        print("FAIL: no %g Hz beep from ports %s" % (a.beep, a.peer_ports), file=sys.stderr)
        return 1
    if start is None:
        print("FAIL: nothing loud to ports %s after the beep" % a.peer_ports, file=sys.stderr)
        return 1
    if over:
        print("FAIL: %d loud packets of ours in the 2 s before the beep's end" % len(over),
              file=sys.stderr)
        return 1
    return 0


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("briefing-first")
    b.add_argument("cap")
    b.add_argument("--dst-port", required=True)
    b.add_argument("--tone", type=float, required=True)
    b.add_argument("--min-speech-s", type=float, default=1.0)
    m = sub.add_parser("message-after-beep")
    m.add_argument("cap")
    m.add_argument("--peer-ports", required=True)
    m.add_argument("--beep", type=float, required=True)
    t = sub.add_parser("tone-after")
    t.add_argument("cap")
    t.add_argument("--dst-port")
    t.add_argument("--dst-rtp")
    t.add_argument("--after-s", type=float, required=True)
    t.add_argument("--tone", type=float, required=True)
    t.add_argument("--foreign", default="")
    t.add_argument("--min-packets", type=int, default=50)
    a = p.parse_args()
    if a.cmd == "tone-after":
        return tone_after(a)
    return briefing_first(a) if a.cmd == "briefing-first" else message_after_beep(a)


if __name__ == "__main__":
    sys.exit(main())
