#!/usr/bin/env python3
"""The phone side of the latency benchmark (latency.sh): one RTP endpoint with its own clocks.

  rtp_phone.py --port P --seconds S --out FILE [--burst-ms 400] [--period-ms 2000]
               [--freq 2300] [--settle-s 3]

Binds 127.0.0.1:P (the port the SIP scenario put in its SDP), waits (at most 15 s) for the
server's first RTP packet, which names where to send, lets the greeting play for --settle-s,
then sends 20 ms PCMU packets for --seconds: a --freq tone burst of --burst-ms at the start of
every --period-ms, silence otherwise. The bursts are the caller's marked audio: the AI peer
logs when each one's first loud message reached it, and a burst that starts while the AI
talks is a barge-in.

Writes one JSON object to --out: "tx_burst_us" (the wall-clock time each burst's first packet
was handed to the kernel) and "rx" ([kernel receive time (SO_TIMESTAMPNS) in us, loud 0/1] for
every packet received). A packet is loud when the RMS of its decoded PCMU is >= 500 (the
simulator's VAD threshold). Bounded: it stops after --settle-s + --seconds + 15 s at most.
"""
import argparse
import json
import math
import os
import select
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e", "tools"))
from g711 import linear_to_ulaw, ulaw_to_linear  # noqa: E402

SO_TIMESTAMPNS = getattr(socket, "SO_TIMESTAMPNS", 35)
SCM_TIMESTAMPNS = SO_TIMESTAMPNS
SAMPLES = 160  # 20 ms at 8 kHz
LOUD_RMS = 500


ULAW = [ulaw_to_linear(b) for b in range(256)]


def loud(payload):
    if not payload:
        return 0
    energy = sum(ULAW[b] * ULAW[b] for b in payload)
    return 1 if math.sqrt(energy / len(payload)) >= LOUD_RMS else 0


def receive(sock, rx):
    """Drains what waits on the socket; returns the sender of the last packet (or None)."""
    peer = None
    while True:
        try:
            data, anc, _, addr = sock.recvmsg(2048, socket.CMSG_SPACE(16), socket.MSG_DONTWAIT)
        except BlockingIOError:
            return peer
        ts = None
        for level, kind, value in anc:
            if level == socket.SOL_SOCKET and kind == SCM_TIMESTAMPNS:
                sec, nsec = struct.unpack("qq", value[:16])
                ts = sec * 1_000_000 + nsec // 1000
        if ts is None:
            ts = time.time_ns() // 1000
        if len(data) > 12:
            cc = data[0] & 0x0F
            rx.append([ts, loud(data[12 + 4 * cc:])])
        peer = addr


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--seconds", type=float, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--burst-ms", type=int, default=400)
    ap.add_argument("--period-ms", type=int, default=2000)
    ap.add_argument("--freq", type=float, default=2300)
    ap.add_argument("--settle-s", type=float, default=3)
    a = ap.parse_args()
    if a.burst_ms % 20 or a.period_ms % 20 or a.burst_ms >= a.period_ms:
        sys.exit("--burst-ms and --period-ms: multiples of 20 ms, the burst shorter")

    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
    sock.bind(("127.0.0.1", a.port))
    rx = []
    deadline = time.monotonic() + 15
    peer = None
    while peer is None and time.monotonic() < deadline:
        select.select([sock], [], [], 0.1)
        peer = receive(sock, rx)
    if peer is None:
        sys.exit("rtp_phone: no RTP from the server within 15 s")

    tone = bytes(linear_to_ulaw(int(8000 * math.sin(2 * math.pi * a.freq * i / 8000)))
                 for i in range(SAMPLES))
    silence = bytes([0xFF]) * SAMPLES
    per_period = a.period_ms // 20
    per_burst = a.burst_ms // 20
    settle = int(a.settle_s * 50)
    total = settle + int(a.seconds * 50)
    tx_burst_us = []
    seq, ssrc = 1, 0x1A7E0001
    start = time.monotonic()
    for n in range(total):  # bounded: one packet per 20 ms tick
        due = start + n * 0.02
        while True:
            left = due - time.monotonic()
            if left <= 0:
                break
            select.select([sock], [], [], left)
            receive(sock, rx)
        k = (n - settle) % per_period if n >= settle else per_period
        payload = tone if k < per_burst else silence
        header = struct.pack("!BBHII", 0x80, 0x80 if k == 0 else 0, seq & 0xFFFF,
                             (n * SAMPLES) & 0xFFFFFFFF, ssrc)
        if k == 0:
            tx_burst_us.append(time.time_ns() // 1000)
        sock.sendto(header + payload, peer)
        seq += 1
    tail = time.monotonic() + 0.5  # the last replies' packets
    while time.monotonic() < tail:
        select.select([sock], [], [], 0.05)
        receive(sock, rx)
    with open(a.out, "w") as f:
        json.dump({"tx_burst_us": tx_burst_us, "rx": rx}, f)


main()
