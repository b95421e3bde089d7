#!/usr/bin/env python3
"""RTP audio analysis for the e2e tests: streams, loss, dominant tone, crosstalk verdict.

Reads a capture (pcap or pcapng as tshark -w / dumpcap / tcpdump write them; link types
Ethernet (what tshark writes on lo), Linux cooked v1/v2 (-i any), BSD null/loopback, raw IP)
or a WAV file (16-bit PCM mono, e.g. a baresip sndfile recording). RTP (RFC 3550) is found
heuristically in UDP payloads (version 2, a payload type that is not RTCP). Streams are keyed
by (source address, destination address, SSRC); G.711 u-law (PT 0) and A-law (PT 8) are
decoded, G.722 (PT 9) and other payload types are reported by name but not decoded.

Per stream, JSON on stdout: packets, SSRCs, first/last seq, seq gaps (lost packets, reorders
and duplicates), duration, RMS energy in dBFS, the dominant frequency (Goertzel scan, 5 Hz
steps, 1 Hz refinement), and the power of each candidate tone relative to the whole
stream's power in dB (0 dB = the stream is nothing but that tone).

Verdicts (exit status 1 with one "FAIL:" line per problem on stderr, 0 when all hold):
  --expect HZ        every selected stream's dominant tone is HZ (+- --tol Hz) and holds at
                     least --min-tone-db of the stream's power;
  --contains HZ,...  each of these tones holds at least --min-tone-db of the stream's power
                     (without having to dominate: e.g. an echoed tone under a greeting);
  --foreign HZ,...   none of these tones (default: every --tones candidate further than
                     --tol from the expected one) carries more than --max-foreign-db of the
                     stream's power: the crosstalk check (default with --expect only);
  --min-packets N    every selected stream has at least N packets (default 1), and at least
                     one stream is selected.
Selection: --src-port, --dst-port (P or LO-HI), --src, --dst (ADDR or ADDR:PORT), --ssrc,
--pt.

Examples:
  rtp_analyze.py cap.pcapng
  rtp_analyze.py cap.pcapng --dst-port 6100 --expect 440 --min-packets 200
  rtp_analyze.py rec/dump-...-dec.wav --expect 1000
"""
import argparse
import json
import math
import os
import struct
import sys
import wave

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import g711  # noqa: E402

RATE = 8000
CODECS = {0: "pcmu", 8: "pcma", 9: "g722", 3: "gsm", 4: "g723", 18: "g729", 13: "cn",
          101: "telephone-event"}
DEFAULT_TONES = (440, 700, 1000, 1300)


class CaptureError(Exception):
    pass


# ---------------------------------------------------------------- capture file readers

def read_capture(path):
    """Yield (linktype, frame_bytes) from a pcap or pcapng file."""
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 24:
        raise CaptureError("%s: too short for a capture file" % path)
    magic = data[:4]
    if magic == b"\x0a\x0d\x0d\x0a":
        yield from _read_pcapng(data, path)
    elif magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1", b"\xa1\xb2\xc3\xd4",
                   b"\xa1\xb2\x3c\x4d"):
        yield from _read_pcap(data)
    else:
        raise CaptureError("%s: not a pcap/pcapng file (magic %s)" % (path, magic.hex()))


def _read_pcap(data):
    endian = "<" if data[:4] in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1") else ">"
    linktype = struct.unpack(endian + "I", data[20:24])[0] & 0x0FFFFFFF
    off = 24
    while off + 16 <= len(data):
        incl = struct.unpack(endian + "I", data[off + 8:off + 12])[0]
        off += 16
        yield linktype, data[off:off + incl]
        off += incl


def _read_pcapng(data, path):
    endian, linktypes, off = "<", [], 0
    while off + 12 <= len(data):
        btype_raw = data[off:off + 4]
        if btype_raw == b"\x0a\x0d\x0d\x0a":  # section header: byte order may change
            endian = "<" if data[off + 8:off + 12] == b"\x4d\x3c\x2b\x1a" else ">"
            linktypes = []
        btype, blen = struct.unpack(endian + "II", data[off:off + 8])
        if blen < 12 or off + blen > len(data):
            raise CaptureError("%s: truncated pcapng block at offset %d" % (path, off))
        body = data[off + 8:off + blen - 4]
        if btype == 1:  # interface description
            linktypes.append(struct.unpack(endian + "H", body[:2])[0])
        elif btype == 6:  # enhanced packet
            iface, _, _, caplen = struct.unpack(endian + "IIII", body[:16])[:4]
            if iface < len(linktypes):
                yield linktypes[iface], body[20:20 + caplen]
        elif btype == 3 and linktypes:  # simple packet
            yield linktypes[0], body[4:]
        off += blen


def ip_payload(linktype, frame):
    """Strip the link layer; return (ethertype-ish 'ip4'|'ip6', ip_bytes) or None."""
    if linktype == 1:  # Ethernet, possibly VLAN-tagged
        off, etype = 14, struct.unpack("!H", frame[12:14])[0] if len(frame) >= 14 else 0
        while etype in (0x8100, 0x88A8) and len(frame) >= off + 4:
            etype = struct.unpack("!H", frame[off + 2:off + 4])[0]
            off += 4
    elif linktype == 113:  # Linux cooked v1
        off, etype = 16, struct.unpack("!H", frame[14:16])[0] if len(frame) >= 16 else 0
    elif linktype == 276:  # Linux cooked v2
        off, etype = 20, struct.unpack("!H", frame[0:2])[0] if len(frame) >= 20 else 0
    elif linktype in (0, 108):  # BSD null / OpenBSD loop: 4-byte family
        if len(frame) < 4:
            return None
        fam = struct.unpack("<I", frame[:4])[0]
        if fam > 0xFFFF:
            fam = struct.unpack(">I", frame[:4])[0]
        off, etype = 4, 0x0800 if fam == 2 else 0x86DD
    elif linktype in (101, 12, 14, 228, 229):  # raw IP
        off = 0
        etype = 0x0800 if frame and frame[0] >> 4 == 4 else 0x86DD
    else:
        return None
    if etype == 0x0800:
        return "ip4", frame[off:]
    if etype == 0x86DD:
        return "ip6", frame[off:]
    return None


def udp_datagram(kind, ip):
    """Return (src, dst, payload) with src/dst as 'addr:port', or None if not UDP."""
    if kind == "ip4":
        if len(ip) < 20:
            return None
        ihl = (ip[0] & 0x0F) * 4
        frag = struct.unpack("!H", ip[6:8])[0]
        if ip[9] != 17 or frag & 0x1FFF or frag & 0x2000:
            return None
        total = struct.unpack("!H", ip[2:4])[0]
        src, dst, seg = _ip4(ip[12:16]), _ip4(ip[16:20]), ip[ihl:total]
    else:
        if len(ip) < 40 or ip[6] != 17:  # extension headers are not followed
            return None
        plen = struct.unpack("!H", ip[4:6])[0]
        src, dst = "[%s]" % _ip6(ip[8:24]), "[%s]" % _ip6(ip[24:40])
        seg = ip[40:40 + plen]
    if len(seg) < 8:
        return None
    sport, dport, ulen = struct.unpack("!HHH", seg[:6])
    return "%s:%d" % (src, sport), "%s:%d" % (dst, dport), seg[8:ulen]


def _ip4(b):
    return ".".join(str(x) for x in b)


def _ip6(b):
    import ipaddress
    return str(ipaddress.IPv6Address(bytes(b)))


def parse_rtp(payload):
    """Return (pt, seq, ts, ssrc, media) for a plausible RTP packet, else None."""
    if len(payload) < 12 or payload[0] >> 6 != 2:
        return None
    pt = payload[1] & 0x7F
    if 72 <= pt <= 76:  # RTCP SR/RR/SDES/BYE/APP seen through RTP glasses
        return None
    if not (pt <= 34 or 96 <= pt <= 127):
        return None
    cc, ext, pad = payload[0] & 0x0F, payload[0] & 0x10, payload[0] & 0x20
    off = 12 + 4 * cc
    if ext:
        if len(payload) < off + 4:
            return None
        off += 4 + 4 * struct.unpack("!H", payload[off + 2:off + 4])[0]
    end = len(payload)
    if pad and end > off:
        end -= payload[-1]
    if off > end:
        return None
    seq, ts, ssrc = struct.unpack("!HII", payload[2:12])
    return pt, seq, ts, ssrc, payload[off:end]


# ---------------------------------------------------------------- streams

class Stream:
    def __init__(self, src, dst, ssrc):
        self.src, self.dst, self.ssrc = src, dst, ssrc
        self.packets, self.pts, self.items = 0, {}, []

    def add(self, pt, seq, media):
        self.packets += 1
        self.pts[pt] = self.pts.get(pt, 0) + 1
        self.items.append((seq, pt, media))

    def main_pt(self):
        return max(self.pts, key=self.pts.get)

    def sequence_facts(self):
        """Extend 16-bit seqs to the value nearest the highest seen (RFC 3550 A.1 in spirit);
        count lost, duplicate and out-of-order packets."""
        ext, top, out = [], None, 0
        for seq, _, _ in self.items:
            if top is None:
                e = seq
            else:
                base = top - (top & 0xFFFF)
                e = min((base + seq - 0x10000, base + seq, base + seq + 0x10000),
                        key=lambda c: abs(c - top))
                out += e < top
            ext.append(e)
            top = e if top is None else max(top, e)
        unique = set(ext)
        expected = max(ext) - min(ext) + 1 if ext else 0
        return {"first_seq": self.items[0][0] if self.items else None,
                "last_seq": top & 0xFFFF if top is not None else None,
                "expected": expected, "lost": expected - len(unique),
                "duplicates": len(ext) - len(unique), "out_of_order": out,
                "ordered": sorted(zip(ext, range(len(ext))))}

    def samples(self, pt, ordered):
        codec = CODECS.get(pt)
        if codec not in ("pcmu", "pcma"):
            return None
        out, seen = [], set()
        for ext, idx in ordered:
            if ext in seen:
                continue
            seen.add(ext)
            seq, ppt, media = self.items[idx]
            if ppt == pt:
                out.extend(g711.decode(media, codec))
        return out


def collect_streams(path):
    streams = {}
    for linktype, frame in read_capture(path):
        ip = ip_payload(linktype, frame)
        if not ip:
            continue
        udp = udp_datagram(*ip)
        if not udp:
            continue
        src, dst, payload = udp
        rtp = parse_rtp(payload)
        if not rtp:
            continue
        pt, seq, _, ssrc, media = rtp
        key = (src, dst, ssrc)
        if key not in streams:
            streams[key] = Stream(src, dst, ssrc)
        streams[key].add(pt, seq, media)
    return list(streams.values())


def read_wav(path):
    with wave.open(path, "rb") as w:
        if w.getsampwidth() != 2:
            raise CaptureError("%s: only 16-bit PCM WAV is supported" % path)
        rate, ch, raw = w.getframerate(), w.getnchannels(), w.readframes(w.getnframes())
    samples = list(struct.unpack("<%dh" % (len(raw) // 2), raw))[::ch]
    return rate, samples


# ---------------------------------------------------------------- signal analysis

def goertzel_power(samples, freq, rate):
    """|X(f)|^2 of the block (Goertzel, no window)."""
    coeff = 2 * math.cos(2 * math.pi * freq / rate)
    s1 = s2 = 0.0
    for x in samples:
        s1, s2 = x + coeff * s1 - s2, s1
    return s1 * s1 + s2 * s2 - coeff * s1 * s2


def tone_fraction(blocks, freq, rate, total_energy):
    """Share of the signal's power at freq: 1.0 for a pure tone (2|X|^2/N per block)."""
    if total_energy <= 0:
        return 0.0
    acc = sum(2 * goertzel_power(b, freq, rate) / len(b) for b in blocks)
    return acc / total_energy


def to_db(x):
    """Power ratio in dB, floored at -120 (the analysis' noise floor)."""
    return round(max(-120.0, 10 * math.log10(x)), 2) if x > 0 else -120.0


def blocks_of(samples, n):
    return [samples[i:i + n] for i in range(0, len(samples) - n + 1, n)]


def dominant_frequency(samples, rate):
    """Goertzel scan 100 Hz..min(3900, rate/2-100) in 5 Hz steps over the loudest 0.1 s
    blocks, then 1 Hz refinement around the best; None for silence."""
    n = rate // 10
    blocks = blocks_of(samples, n)
    blocks = sorted(blocks, key=lambda b: -sum(x * x for x in b))[:4]
    if not blocks or sum(x * x for x in blocks[0]) == 0:
        return None

    def power(f):
        return sum(goertzel_power(b, f, rate) for b in blocks)

    top = min(3900, rate // 2 - 100)
    best = max(range(100, top + 1, 5), key=power)
    return float(max(range(best - 5, best + 6), key=power))


def analyse_samples(samples, rate, tones):
    n = len(samples)
    energy = sum(x * x for x in samples)
    info = {"samples": n, "duration_s": round(n / rate, 3)}
    if n == 0:
        info.update(rms_dbfs=None, dominant_hz=None, tones_db={})
        return info
    rms = math.sqrt(energy / n)
    info["rms_dbfs"] = round(20 * math.log10(rms / 32768), 2) if rms > 0 else None
    blocks = blocks_of(samples, rate // 10) or [samples]
    block_energy = sum(x * x for b in blocks for x in b)
    info["dominant_hz"] = dominant_frequency(samples, rate)
    info["tones_db"] = {str(int(f)) if f == int(f) else str(f):
                        to_db(tone_fraction(blocks, f, rate, block_energy)) for f in tones}
    return info


# ---------------------------------------------------------------- selection and verdicts

def addr_match(pattern, addr):
    return pattern is None or addr == pattern or addr.rsplit(":", 1)[0] == pattern


def port_range(text):
    """"P" or "LO-HI" -> (lo, hi)."""
    lo, _, hi = text.partition("-")
    return int(lo), int(hi or lo)


def in_range(addr, rng):
    if rng is None:
        return True
    port = int(addr.rsplit(":", 1)[1])
    return rng[0] <= port <= rng[1]


def selected(s, a):
    return (in_range(s["src"], a.src_port) and in_range(s["dst"], a.dst_port) and
            addr_match(a.src, s["src"]) and addr_match(a.dst, s["dst"]) and
            (a.ssrc is None or s["ssrc"] == "0x%08X" % a.ssrc) and
            (a.pt is None or s["pt"] == a.pt))


def verdicts(stream, a, tones):
    problems, name = [], "%s -> %s ssrc %s" % (stream["src"], stream["dst"], stream["ssrc"])
    if stream["packets"] < a.min_packets:
        problems.append("%s: %d packets, expected at least %d" % (name, stream["packets"],
                                                                 a.min_packets))
    if a.expect is None and a.foreign is None and not a.contains:
        return problems
    if stream.get("dominant_hz") is None:
        return problems + ["%s: no decodable audio (%s) to check tones in" % (
            name, stream.get("codec", "?"))]
    key = lambda f: str(int(f)) if f == int(f) else str(f)  # noqa: E731
    if a.expect is not None:
        dom = stream["dominant_hz"]
        share = stream["tones_db"].get(key(a.expect))
        if abs(dom - a.expect) > a.tol:
            problems.append("%s: dominant tone %.0f Hz, expected %.0f Hz" % (name, dom, a.expect))
        if share is None or share < a.min_tone_db:
            problems.append("%s: expected tone %.0f Hz holds %s dB of the power, need >= %.1f dB"
                            % (name, a.expect, share, a.min_tone_db))
    for f in a.contains:
        share = stream["tones_db"].get(key(f))
        if share is None or share < a.min_tone_db:
            problems.append("%s: tone %.0f Hz holds %s dB of the power, need >= %.1f dB"
                            % (name, f, share, a.min_tone_db))
    # Default foreign set: with --expect, every other candidate; with --contains alone, none.
    foreign = a.foreign if a.foreign is not None else [
        f for f in tones if abs(f - a.expect) > a.tol] if a.expect is not None else []
    for f in foreign:
        share = stream["tones_db"].get(key(f))
        if share is not None and share > a.max_foreign_db:
            problems.append("%s: CROSSTALK: foreign tone %.0f Hz at %.1f dB of the stream's power"
                            " (limit %.1f dB)" % (name, f, share, a.max_foreign_db))
    return problems


def window(samples, rate, skip_s, max_s):
    """The samples from skip_s on, at most max_s seconds of them (None = to the end)."""
    start = int(skip_s * rate)
    return samples[start:] if max_s is None else samples[start:start + int(max_s * rate)]


def analyse_capture(path, tones, keep=lambda info: True, skip_s=0.0, max_s=None):
    """Per-stream facts; the (costly) audio analysis only for streams that keep() selects."""
    out = []
    for s in collect_streams(path):
        facts = s.sequence_facts()
        pt = s.main_pt()
        info = {"src": s.src, "dst": s.dst, "ssrc": "0x%08X" % s.ssrc, "pt": pt,
                "codec": CODECS.get(pt, "pt%d" % pt), "packets": s.packets,
                "payload_types": {str(k): v for k, v in sorted(s.pts.items())}}
        info.update({k: v for k, v in facts.items() if k != "ordered"})
        out.append(info)
        if not keep(info):
            info["selected"] = False
            continue
        samples = s.samples(pt, facts["ordered"])
        if samples is not None:
            info.update(analyse_samples(window(samples, RATE, skip_s, max_s), RATE, tones))
    out.sort(key=lambda x: (x["src"], x["dst"], x["ssrc"]))
    return out


def main(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("file", help="pcap/pcapng capture or .wav")
    p.add_argument("--tones", default=",".join(str(t) for t in DEFAULT_TONES),
                   help="candidate tones to measure (Hz, comma list)")
    p.add_argument("--expect", type=float, help="expected dominant tone (Hz)")
    p.add_argument("--contains", help="tones that must be present (Hz, comma list)")
    p.add_argument("--foreign", help="tones that must be absent (Hz, comma list)")
    p.add_argument("--tol", type=float, default=15, help="frequency tolerance (Hz)")
    p.add_argument("--min-tone-db", type=float, default=-3,
                   help="expected tone's minimum share of the power (dB)")
    p.add_argument("--max-foreign-db", type=float, default=-30,
                   help="foreign tone's maximum share of the power (dB)")
    p.add_argument("--min-packets", type=int, default=1)
    p.add_argument("--skip-s", type=float, default=0.0,
                   help="leave the first seconds of each stream's audio out of the tone analysis"
                        " (e.g. a spoken greeting before the tones)")
    p.add_argument("--max-s", type=float, default=None,
                   help="analyse at most this many seconds (after --skip-s), e.g. the greeting")
    p.add_argument("--src"), p.add_argument("--dst")
    p.add_argument("--src-port", type=port_range, help="P or LO-HI")
    p.add_argument("--dst-port", type=port_range, help="P or LO-HI")
    p.add_argument("--ssrc", type=lambda s: int(s, 0)), p.add_argument("--pt", type=int)
    p.add_argument("--compact", action="store_true", help="one JSON line")
    a = p.parse_args(argv[1:])
    tones = [float(x) for x in a.tones.split(",") if x]
    a.foreign = [float(x) for x in a.foreign.split(",") if x] if a.foreign else None
    a.contains = [float(x) for x in a.contains.split(",") if x] if a.contains else []
    for f in ([a.expect] if a.expect is not None else []) + a.contains + (a.foreign or []):
        if f not in tones:
            tones.append(f)
    try:
        if a.file.lower().endswith(".wav"):
            rate, samples = read_wav(a.file)
            info = {"src": "wav", "dst": os.path.basename(a.file), "ssrc": None, "pt": None,
                    "codec": "l16", "packets": len(samples) // max(1, rate // 50),
                    "rate": rate}
            info.update(analyse_samples(window(samples, rate, a.skip_s, a.max_s), rate, tones))
            streams = [info]
        else:
            streams = analyse_capture(a.file, tones, lambda info: selected(info, a), a.skip_s,
                                      a.max_s)
    except (CaptureError, OSError, wave.Error, EOFError) as e:
        print("FAIL: %s" % e, file=sys.stderr)
        return 2
    chosen = [s for s in streams if s.pop("selected", True)]
    problems = []
    if not chosen:
        problems.append("no RTP stream matches the selection (%d streams in %s)" % (
            len(streams), a.file))
    for s in chosen:
        s["problems"] = verdicts(s, a, tones)
        problems += s["problems"]
    flows = {}
    for s in streams:
        flows.setdefault("%s -> %s" % (s["src"], s["dst"]), []).append(s["ssrc"])
    report = {"file": a.file, "streams": chosen, "flows": flows, "ok": not problems}
    print(json.dumps(report, indent=None if a.compact else 2))
    for msg in problems:
        print("FAIL: " + msg, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
