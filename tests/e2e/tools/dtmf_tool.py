#!/usr/bin/env python3
"""RFC 4733 keypad test tools for the e2e peers, stdlib only.

  dtmf_tool.py pcap --digits 0123456789*# [--loss 0.15 --seed 7] [--junk] --out keys.pcap
      libpcap file (Ethernet/IPv4/UDP) that SIPp's <exec play_pcap_audio="..."/> replays:
      0.5 s of PCMU silence (the far end learns our source), then for each key a phone's
      RFC 4733 event (2.5.1): 5 packets 20 ms apart with the duration growing by 160, the
      end packet sent 3 times, all with the event's timestamp, the first with the marker bit;
      then 200 ms of silence. --loss drops that fraction of the packets after the lead-in
      (seeded, so a run can be repeated); a key whose every packet would be lost keeps its
      first one (no receiver could know of it). Prints "sent N dropped M" on stderr.
      --junk puts two events no receiver may take for keys in front: code 200 (not a key)
      and key 4 claiming 7.5 s (60000 timestamp units) from its first packet.
  dtmf_tool.py decode CAPTURE --dst HOST:PORT [--pt 101]
      the keys the RTP telephone-events sent to HOST:PORT in CAPTURE (pcap or pcapng) carry,
      one per (SSRC, timestamp) event, in order of their first packet; prints them on one line.
"""
import argparse
import os
import random
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rtp_analyze  # noqa: E402
import tone_gen  # noqa: E402

KEYS = "0123456789*#ABCD"
SSRC = 0x0D7F0001
PT_EVENT, PT_PCMU = 101, 0
SILENCE = bytes([0xFF]) * 160  # PCMU silence


def packets(digits, junk=False):
    """Yield (time_s, rtp, droppable, key) for the whole stream."""
    seq, ts, t = 2000, 80000, 0.0

    def rtp(pt, marker, stamp, payload):
        nonlocal seq
        header = struct.pack("!BBHII", 0x80, (0x80 if marker else 0) | pt, seq & 0xFFFF,
                             stamp & 0xFFFFFFFF, SSRC)
        seq += 1
        return header + payload

    for k in range(25):  # 0.5 s lead-in, never dropped
        yield t, rtp(PT_PCMU, k == 0, ts, SILENCE), False, None
        ts, t = ts + 160, t + 0.02
    if junk:
        for event, duration in ((200, 800), (4, 60000)):
            for i in range(8):
                payload = struct.pack("!BBH", event, (0x80 if i >= 5 else 0) | 10, duration)
                yield t, rtp(PT_EVENT, i == 0, ts, payload), False, None
                t += 0.02
            ts += 8 * 160
            for _ in range(10):
                yield t, rtp(PT_PCMU, False, ts, SILENCE), False, None
                ts, t = ts + 160, t + 0.02
    for key in digits:
        event, start = KEYS.index(key), ts
        for i in range(8):
            duration = 160 * min(i + 1, 5)
            end = i >= 5
            payload = struct.pack("!BBH", event, (0x80 if end else 0) | 10, duration)
            yield t, rtp(PT_EVENT, i == 0, start, payload), True, key
            t += 0.02
        ts = start + 8 * 160
        for _ in range(10):
            yield t, rtp(PT_PCMU, False, ts, SILENCE), True, None
            ts, t = ts + 160, t + 0.02


def write_pcap(path, digits, loss, seed, junk):
    rng = random.Random(seed)
    chosen = []
    for t, data, droppable, key in packets(digits, junk):
        chosen.append([t, data, droppable and rng.random() < loss, key])
    # A key with every packet lost never reached the far end: keep its first packet.
    for key_index in range(len(digits)):
        mine = [p for p in chosen if p[3] is not None]
        event = mine[key_index * 8:(key_index + 1) * 8]
        if all(p[2] for p in event):
            event[0][2] = False
    sent = dropped = 0
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        base = 1_700_000_000
        for k, (t, data, drop, _key) in enumerate(chosen):
            if drop:
                dropped += 1
                continue
            sent += 1
            frame = tone_gen.udp_frame(data, k)
            usec = int(round(t * 1e6))
            f.write(struct.pack("<IIII", base + usec // 1_000_000, usec % 1_000_000, len(frame),
                                len(frame)))
            f.write(frame)
    print("sent %d dropped %d" % (sent, dropped), file=sys.stderr)


def decode(path, dst, pt):
    seen, keys = set(), []
    for linktype, frame in rtp_analyze.read_capture(path):
        ip = rtp_analyze.ip_payload(linktype, frame)
        if ip is None:
            continue
        dg = rtp_analyze.udp_datagram(*ip)
        if dg is None or dg[1] != dst:
            continue
        r = rtp_analyze.parse_rtp(dg[2])
        if r is None or r[0] != pt or len(r[4]) < 4:
            continue
        _pt, _seq, ts, ssrc, media = r
        if (ssrc, ts) in seen:
            continue
        seen.add((ssrc, ts))
        keys.append(KEYS[media[0]] if media[0] < 16 else "?")
    print("".join(keys))


def main(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    a = sub.add_parser("pcap")
    a.add_argument("--digits", required=True)
    a.add_argument("--loss", type=float, default=0.0)
    a.add_argument("--seed", type=int, default=1)
    a.add_argument("--junk", action="store_true")
    a.add_argument("--out", required=True)
    d = sub.add_parser("decode")
    d.add_argument("capture")
    d.add_argument("--dst", required=True)
    d.add_argument("--pt", type=int, default=101)
    args = p.parse_args(argv)
    if args.cmd == "pcap":
        if any(c not in KEYS for c in args.digits):
            p.error("digits must be of %s" % KEYS)
        write_pcap(args.out, args.digits, args.loss, args.seed, args.junk)
    else:
        decode(args.capture, args.dst, args.pt)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
