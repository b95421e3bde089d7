#!/usr/bin/env python3
"""Self-test of the e2e audio tools: tone_gen.py -> rtp_analyze.py round trips.

Checks G.711 against CPython's audioop where it still exists, every tone of the standard
set in PCMU and PCMA pcaps and WAVs, the crosstalk verdict on a faint foreign tone, sequence
loss/reorder/duplicate counting, link types (Ethernet, Linux cooked v1/v2, BSD null, raw
IP), pcapng, IPv6, stream selection, and failure messages. Exit 0 on success.
"""
import json
import os
import struct
import subprocess
import sys
import tempfile
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import g711  # noqa: E402
import tone_gen  # noqa: E402

FAILS = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        FAILS.append(what)


def analyze(*args):
    p = subprocess.run([sys.executable, os.path.join(HERE, "rtp_analyze.py"), *args, "--compact"],
                       capture_output=True, text=True, timeout=120)
    report = json.loads(p.stdout) if p.stdout.strip() else None
    return p.returncode, report, p.stderr


def gen(*args):
    subprocess.run([sys.executable, os.path.join(HERE, "tone_gen.py"), *args], check=True,
                   timeout=120)


def test_g711():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            import audioop
        except ImportError:
            print("skip audioop comparison (module gone)")
            return
    samples = list(range(-32768, 32768, 5))
    pcm = struct.pack("<%dh" % len(samples), *samples)
    check(g711.encode(samples, "pcmu") == audioop.lin2ulaw(pcm, 2), "u-law encode == audioop")
    check(g711.encode(samples, "pcma") == audioop.lin2alaw(pcm, 2), "A-law encode == audioop")
    allb = bytes(range(256))
    check(struct.pack("<256h", *g711.decode(allb, "pcmu")) == audioop.ulaw2lin(allb, 2),
          "u-law decode == audioop")
    check(struct.pack("<256h", *g711.decode(allb, "pcma")) == audioop.alaw2lin(allb, 2),
          "A-law decode == audioop")


def test_round_trips(d):
    for f in (440, 700, 1000, 1300):
        for codec in ("pcmu", "pcma"):
            path = os.path.join(d, "t%d_%s.pcap" % (f, codec))
            gen("pcap", "--freq", str(f), "--seconds", "2", "--codec", codec, "--out", path)
            rc, r, err = analyze(path, "--expect", str(f), "--min-packets", "100")
            s = r["streams"][0] if r and r["streams"] else {}
            check(rc == 0 and s.get("packets") == 100 and s.get("lost") == 0 and
                  s.get("codec") == codec and s.get("ssrc") == "0x%08X" % (0x70E00000 + f) and
                  abs(s.get("dominant_hz", 0) - f) <= 2,
                  "%d Hz %s pcap: 100 packets, no loss, SSRC, dominant %s" % (
                      f, codec, s.get("dominant_hz")))
            other = 1300 if f != 1300 else 440
            rc, r, err = analyze(path, "--expect", str(other))
            check(rc == 1 and "dominant tone" in err and "CROSSTALK" in err,
                  "%d Hz %s pcap fails --expect %d with a clear message" % (f, codec, other))
        wav = os.path.join(d, "t%d.wav" % f)
        gen("wav", "--freq", str(f), "--seconds", "1", "--out", wav)
        rc, r, _ = analyze(wav, "--expect", str(f))
        check(rc == 0 and r["streams"][0]["duration_s"] == 1.0, "%d Hz WAV round trip" % f)


def test_crosstalk(d):
    wav = os.path.join(d, "mix.wav")
    gen("wav", "--freq", "440", "--seconds", "2", "--mix", "1300:0.01", "--out", wav)  # -34 dB
    rc, r, err = analyze(wav, "--expect", "440")
    check(rc == 0, "foreign tone at -34 dB passes the default -30 dB limit")
    share = r["streams"][0]["tones_db"]["1300"]
    check(-35 < share < -33, "foreign tone measured at %.1f dB (expect -34)" % share)
    rc, r, err = analyze(wav, "--expect", "440", "--max-foreign-db", "-40")
    check(rc == 1 and "CROSSTALK: foreign tone 1300 Hz" in err,
          "foreign tone at -34 dB fails a -40 dB limit with a CROSSTALK message")
    rc, r, err = analyze(wav, "--contains", "1300", "--min-tone-db", "-40")
    check(rc == 0, "--contains finds the faint tone at -40 dB")
    rc, r, err = analyze(wav, "--contains", "700", "--min-tone-db", "-40")
    check(rc == 1 and "700 Hz" in err, "--contains fails for an absent tone")


def test_windows(d):
    """--skip-s / --max-s pick a window: 1 s of 440 Hz (a greeting) then 1 s of 1300 Hz."""
    import math
    import wave
    path = os.path.join(d, "two_parts.wav")
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(b"".join(
            struct.pack("<h", int(8000 * math.sin(2 * math.pi * (440 if i < 8000 else 1300) *
                                                  i / 8000))) for i in range(16000)))
    rc, r, err = analyze(path, "--max-s", "1", "--expect", "440")
    check(rc == 0, "--max-s 1 sees only the first second (440 Hz): " + err.strip())
    rc, r, err = analyze(path, "--skip-s", "1", "--max-s", "5", "--expect", "1300")
    check(rc == 0, "--skip-s 1 sees only the second part (1300 Hz): " + err.strip())
    rc, r, err = analyze(path, "--expect", "440")
    check(rc == 1 and "1300 Hz" in err, "the whole file fails --expect 440 (1300 Hz is foreign)")
    test_timeline(path)


def test_timeline(path):
    """tone_timeline.py: when a tone is first heard (a reply after a greeting)."""
    def timeline(*args):
        p = subprocess.run([sys.executable, os.path.join(HERE, "tone_timeline.py"), path, *args],
                           capture_output=True, text=True)
        return p.returncode, (json.loads(p.stdout) if p.stdout else None), p.stderr
    rc, r, err = timeline("--tone", "1300", "--not-before", "1")
    check(rc == 0 and r["first_s"] == 1.0, "1300 Hz first heard at 1 s: " + err.strip())
    rc, r, err = timeline("--tone", "1300", "--not-before", "1.5")
    check(rc == 1 and "heard at 1 s, before 1.5 s" in err, "--not-before fails a tone heard too early")
    rc, r, err = timeline("--tone", "440", "--not-before", "0.5")
    check(rc == 1 and "heard at 0 s" in err, "a tone heard from the start fails --not-before 0.5")
    rc, r, err = timeline("--tone", "700")
    check(rc == 1 and "never reaches" in err, "an absent tone fails")


def rtp_stream(freq, codec, n, ssrc, seq0=1000):
    samples = tone_gen.tone_samples(freq, n * 0.02, 0.5)
    pkts = list(tone_gen.rtp_packets(samples, codec, ssrc))
    out = []
    for k, (t, rtp) in enumerate(pkts):
        seq = (seq0 + k) & 0xFFFF
        out.append((t, rtp[:2] + struct.pack("!H", seq) + rtp[4:]))
    return out


def ip4_udp(src, dst, sport, dport, payload):
    udp = struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 0, 0x4000, 64, 17, 0,
                     bytes(src), bytes(dst))
    return ip + udp


def ip6_udp(sport, dport, payload):
    udp = struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload
    lo = bytes(15) + b"\x01"
    return struct.pack("!IHBB", 0x60000000, len(udp), 17, 64) + lo + lo + udp


def write_pcap(path, linktype, frames):
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, linktype))
        for i, fr in enumerate(frames):
            f.write(struct.pack("<IIII", 1000 + i // 50, (i % 50) * 20000, len(fr), len(fr)))
            f.write(fr)


def write_pcapng(path, linktype, frames):
    def block(btype, body):
        body += bytes((-len(body)) % 4)
        n = len(body) + 12
        return struct.pack("<II", btype, n) + body + struct.pack("<I", n)
    with open(path, "wb") as f:
        f.write(block(0x0A0D0D0A, struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1)))
        f.write(block(1, struct.pack("<HHI", linktype, 0, 65535)))
        for i, fr in enumerate(frames):
            f.write(block(6, struct.pack("<IIIII", 0, 0, i, len(fr), len(fr)) + fr))


def wrap(linktype, ip, v6=False):
    etype = 0x86DD if v6 else 0x0800
    if linktype == 1:
        return bytes(12) + struct.pack("!H", etype) + ip
    if linktype == 113:
        return struct.pack("!HHH8sH", 0, 772, 6, bytes(8), etype) + ip
    if linktype == 276:
        return struct.pack("!HHIHBB8s", etype, 0, 1, 772, 0, 6, bytes(8)) + ip
    if linktype == 0:
        return struct.pack("<I", 30 if v6 else 2) + ip
    return ip  # 101 raw


def test_link_types_and_sequences(d):
    a = rtp_stream(440, "pcmu", 100, 0x11111111, seq0=65500)  # wraps around 65535
    b = rtp_stream(1300, "pcma", 100, 0x22222222)
    # Lose 3 packets of a, reorder two, duplicate one.
    a = a[:10] + a[13:40] + [a[41], a[40]] + a[42:] + [a[60]]
    lo = [127, 0, 0, 1]
    for lt in (1, 113, 276, 0, 101):
        frames = [wrap(lt, ip4_udp(lo, lo, 20000, 30000, p)) for _, p in a]
        frames += [wrap(lt, ip4_udp(lo, lo, 20002, 30002, p)) for _, p in b]
        frames.append(wrap(lt, ip4_udp(lo, lo, 5060, 5070, b"OPTIONS sip:x SIP/2.0\r\n\r\n")))
        frames.append(wrap(lt, ip4_udp(lo, lo, 20001, 30001, bytes([0x80, 200]) + bytes(26))))
        for fmt, writer in (("pcap", write_pcap), ("pcapng", write_pcapng)):
            path = os.path.join(d, "lt%d.%s" % (lt, fmt))
            writer(path, lt, frames)
            rc, r, err = analyze(path)
            streams = {s["ssrc"]: s for s in r["streams"]} if r else {}
            sa, sb = streams.get("0x11111111", {}), streams.get("0x22222222", {})
            check(rc == 0 and len(streams) == 2 and sa.get("packets") == 98 and
                  sa.get("lost") == 3 and sa.get("out_of_order") == 2 and
                  sa.get("duplicates") == 1 and sa.get("dominant_hz") == 440.0 and
                  sb.get("lost") == 0 and sb.get("dominant_hz") == 1300.0,
                  "link type %d %s: 2 streams (SIP and RTCP ignored), loss/reorder/dup %s/%s/%s"
                  % (lt, fmt, sa.get("lost"), sa.get("out_of_order"), sa.get("duplicates")))
    path = os.path.join(d, "lt1.pcap")
    rc, r, err = analyze(path, "--dst-port", "30002", "--expect", "1300")
    check(rc == 0 and len(r["streams"]) == 1, "--dst-port selects one stream")
    rc, r, err = analyze(path, "--ssrc", "0x11111111", "--expect", "440", "--min-packets", "99")
    check(rc == 1 and "98 packets, expected at least 99" in err, "--min-packets message")
    rc, r, err = analyze(path, "--dst-port", "1")
    check(rc == 1 and "no RTP stream matches" in err, "empty selection fails")
    v6 = [wrap(1, ip6_udp(40000, 40002, p), v6=True) for _, p in b]
    path6 = os.path.join(d, "v6.pcap")
    write_pcap(path6, 1, v6)
    rc, r, err = analyze(path6, "--expect", "1300")
    check(rc == 0 and r["streams"][0]["src"] == "[::1]:40000", "IPv6 stream")
    bad = os.path.join(d, "bad.pcap")
    with open(bad, "wb") as f:
        f.write(b"not a capture at all, definitely")
    rc, r, err = analyze(bad)
    check(rc == 2 and "not a pcap/pcapng file" in err, "garbage file: exit 2 and a message")


def test_failover_gap(d):
    """failover_gap.py: provider A's tone, 0.6 s of other audio, provider B's tone."""
    samples = (tone_gen.tone_samples(440, 1.0, 0.5) + [0] * 1600 +
               tone_gen.tone_samples(1000, 0.4, 0.5) + tone_gen.tone_samples(1300, 1.0, 0.5))
    lo = [127, 0, 0, 1]
    frames = [ip4_udp(lo, lo, 20000, 30000, rtp)
              for _, rtp in tone_gen.rtp_packets(samples, "pcmu", 0x33333333)]
    path = os.path.join(d, "failover.pcap")
    write_pcap(path, 101, frames)

    def gap(*args):
        p = subprocess.run([sys.executable, os.path.join(HERE, "failover_gap.py"), path,
                            "--dst", "127.0.0.1:30000", *args], capture_output=True, text=True)
        return p.returncode, (json.loads(p.stdout) if p.stdout else None), p.stderr
    rc, r, err = gap("--before-hz", "440", "--after-hz", "1300")
    check(rc == 0 and r["gap_ms"] == 600 and r["between_speech_frames"] == 20,
          "failover gap 600 ms, 0.4 s of other audio between: %s %s" % (r, err.strip()))
    rc, r, err = gap("--before-hz", "1300", "--after-hz", "440")
    check(rc == 1 and "never reached the phone before" in err, "the wrong order fails")
    rc, r, err = gap("--before-hz", "440", "--after-hz", "700")
    check(rc == 1 and "never reached the phone" in err, "an absent second tone fails")


def main():
    with tempfile.TemporaryDirectory(prefix="va-e2e-tools.") as d:
        test_failover_gap(d)
        test_g711()
        test_round_trips(d)
        test_crosstalk(d)
        test_windows(d)
        test_link_types_and_sequences(d)
    if FAILS:
        print("selftest_tools: %d FAILED" % len(FAILS))
        return 1
    print("selftest_tools: PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
