#!/usr/bin/env python3
"""Tone test audio for the e2e peers: RTP pcap files, raw G.711 and WAV, stdlib only.

  tone_gen.py pcap --freq 440 --seconds 10 --codec pcmu --out tone_440_pcmu.pcap
      RTP (PT 0 PCMU or 8 PCMA), 20 ms / 160 samples per packet, 8 kHz, in a classic
      libpcap file (Ethernet/IPv4/UDP) that SIPp's <exec play_pcap_audio="..."/> replays:
      SIPp rewrites the addresses and ports and keeps the RTP header (seq, timestamp,
      SSRC), so every file carries its own SSRC (default 0x70E00000 + freq) and the
      analyzer can tell the tones apart.
  tone_gen.py pcap --from-wav greeting.wav --codec pcmu --out greeting.pcap
      the same RTP carrying an 8 kHz mono WAV (e.g. a voicemail greeting) instead of a tone.
  tone_gen.py wav --freq 440 --seconds 30 --out tone_440.wav
      16-bit mono 8000 Hz WAV: the only format baresip's aufile accepts for G.711.
  tone_gen.py raw --freq 440 --seconds 10 --codec pcma --out tone_440.alaw
      headerless G.711 for SIPp's <exec rtp_stream="FILE,-1,PT"/>.
  tone_gen.py set --dir DIR [--seconds 10] [--wav-seconds 60] [--freqs 440,700,1000,1300]
      all of the above for each frequency: tone_F_pcmu.pcap, tone_F_pcma.pcap, tone_F.ulaw,
      tone_F.alaw, tone_F.wav.

Amplitude defaults to 0.5 of full scale (-9 dBFS RMS), low enough that G.711 never clips.
--mix HZ:AMP adds further tones (test signals for the analyzer's crosstalk verdict);
--burst ON_MS:OFF_MS makes talk spurts (silence between), so a VAD sees each turn end.
"""
import argparse
import math
import os
import struct
import sys
import wave

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import g711  # noqa: E402

RATE = 8000
PTIME_SAMPLES = 160  # 20 ms at 8 kHz
PAYLOAD_TYPES = {"pcmu": 0, "pcma": 8}


MIX = []  # extra (freq, amplitude) components from --mix, e.g. a faint crosstalk tone
BURST = None  # (on_ms, off_ms) from --burst: talk spurts, so a VAD sees turns end


def tone_samples(freq, seconds, amplitude):
    n = int(round(seconds * RATE))
    parts = [(freq, amplitude)] + MIX
    out = []
    for i in range(n):
        if BURST and (i * 1000 // RATE) % (BURST[0] + BURST[1]) >= BURST[0]:
            out.append(0)
            continue
        v = sum(a * math.sin(2 * math.pi * f * i / RATE) for f, a in parts)
        out.append(max(-32768, min(32767, int(round(v * 32767)))))
    return out


def default_ssrc(freq):
    return (0x70E00000 + int(freq)) & 0xFFFFFFFF


def rtp_packets(samples, codec, ssrc):
    """Yield (time_s, rtp_bytes) for each 20 ms packet."""
    payload = g711.encode(samples, codec)
    seq0, ts0 = 1000, 16000
    for k in range(len(payload) // PTIME_SAMPLES):
        header = struct.pack("!BBHII", 0x80, (0x80 if k == 0 else 0) | PAYLOAD_TYPES[codec],
                             (seq0 + k) & 0xFFFF, (ts0 + k * PTIME_SAMPLES) & 0xFFFFFFFF, ssrc)
        yield k * 0.020, header + payload[k * PTIME_SAMPLES:(k + 1) * PTIME_SAMPLES]


def ipv4_checksum(header):
    total = sum(struct.unpack("!10H", header))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def udp_frame(rtp, ident):
    """Ethernet + IPv4 + UDP around one RTP packet (documentation addresses; SIPp rewrites)."""
    src_ip, dst_ip = bytes([192, 0, 2, 10]), bytes([192, 0, 2, 20])
    udp = struct.pack("!HHHH", 6000, 6002, 8 + len(rtp), 0) + rtp  # checksum 0: none (IPv4)
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), ident & 0xFFFF, 0, 64, 17, 0,
                     src_ip, dst_ip)
    ip = ip[:10] + struct.pack("!H", ipv4_checksum(ip)) + ip[12:]
    eth = bytes([2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1]) + struct.pack("!H", 0x0800)
    return eth + ip + udp


def wav_samples(path):
    """16-bit mono 8 kHz samples of a WAV file (e.g. a recorded voicemail greeting)."""
    with wave.open(path, "rb") as w:
        if w.getsampwidth() != 2 or w.getnchannels() != 1 or w.getframerate() != RATE:
            raise SystemExit("%s: need 16-bit mono 8000 Hz" % path)
        data = w.readframes(w.getnframes())
    return list(struct.unpack("<%dh" % (len(data) // 2), data))


def write_pcap(path, freq, seconds, codec, amplitude, ssrc, samples=None):
    if samples is None:
        samples = tone_samples(freq, seconds, amplitude)
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))  # LINKTYPE_ETHERNET
        base = 1_700_000_000
        for k, (t, rtp) in enumerate(rtp_packets(samples, codec, ssrc)):
            frame = udp_frame(rtp, k)
            usec = int(round(t * 1e6))
            f.write(struct.pack("<IIII", base + usec // 1_000_000, usec % 1_000_000, len(frame),
                                len(frame)))
            f.write(frame)


def write_wav(path, freq, seconds, amplitude):
    samples = tone_samples(freq, seconds, amplitude)
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(struct.pack("<%dh" % len(samples), *samples))


def write_raw(path, freq, seconds, codec, amplitude):
    with open(path, "wb") as f:
        f.write(g711.encode(tone_samples(freq, seconds, amplitude), codec))


def main(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("kind", choices=["pcap", "wav", "raw", "set"])
    p.add_argument("--freq", type=float, default=1000)
    p.add_argument("--seconds", type=float, default=10)
    p.add_argument("--codec", choices=sorted(PAYLOAD_TYPES), default="pcmu")
    p.add_argument("--amplitude", type=float, default=0.5, help="peak, fraction of full scale")
    p.add_argument("--ssrc", type=lambda s: int(s, 0), help="RTP SSRC (default 0x70E00000+freq)")
    p.add_argument("--out", help="output file (pcap, wav, raw)")
    p.add_argument("--dir", help="output directory (set)")
    p.add_argument("--wav-seconds", type=float, default=60, help="WAV length for set")
    p.add_argument("--freqs", default="440,700,1000,1300", help="comma list for set")
    p.add_argument("--burst", metavar="ON_MS:OFF_MS",
                   help="tone spurts with silence between (e.g. 1500:1500 for a VAD)")
    p.add_argument("--from-wav", metavar="FILE",
                   help="pcap: play this 8 kHz mono WAV instead of a tone")
    p.add_argument("--mix", action="append", default=[], metavar="HZ:AMP",
                   help="add a second tone (e.g. 700:0.01 for a -34 dB crosstalk test signal)")
    a = p.parse_args(argv[1:])
    if not 0 < a.amplitude <= 1:
        p.error("--amplitude must be in (0, 1]")
    global BURST
    if a.burst:
        on, _, off = a.burst.partition(":")
        BURST = (int(on), int(off or on))
    for m in a.mix:
        f, _, amp = m.partition(":")
        MIX.append((float(f), float(amp or 0.05)))
    if a.kind == "set":
        if not a.dir:
            p.error("set needs --dir")
        os.makedirs(a.dir, exist_ok=True)
        for f in (float(x) for x in a.freqs.split(",")):
            name = os.path.join(a.dir, "tone_%d" % f)
            for codec in PAYLOAD_TYPES:
                write_pcap("%s_%s.pcap" % (name, codec), f, a.seconds, codec, a.amplitude,
                           default_ssrc(f))
            write_raw(name + ".ulaw", f, a.seconds, "pcmu", a.amplitude)
            write_raw(name + ".alaw", f, a.seconds, "pcma", a.amplitude)
            write_wav(name + ".wav", f, a.wav_seconds, a.amplitude)
        return 0
    if not a.out:
        p.error("%s needs --out" % a.kind)
    if a.kind == "pcap":
        write_pcap(a.out, a.freq, a.seconds, a.codec, a.amplitude,
                   a.ssrc if a.ssrc is not None else default_ssrc(a.freq),
                   wav_samples(a.from_wav) if a.from_wav else None)
    elif a.kind == "wav":
        write_wav(a.out, a.freq, a.seconds, a.amplitude)
    else:
        write_raw(a.out, a.freq, a.seconds, a.codec, a.amplitude)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
