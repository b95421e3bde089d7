#!/usr/bin/env python3
"""Sends forged SRTP packets to a call's RTP port: a well-formed RTP header with the call's
inbound SSRC, a payload, and a 10-byte authentication tag that cannot verify (RFC 3711 3.3).

  forge_srtp.py HOST PORT SSRC [--count N] [--seq S]

The packets come from a fresh local port (not the phone's), as an attacker's would; the server
must drop and count them (packets_dropped_auth) without moving the call's learned source."""
import argparse
import os
import socket
import struct


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("host")
    ap.add_argument("port", type=int)
    ap.add_argument("ssrc", type=int)
    ap.add_argument("--count", type=int, default=5)
    ap.add_argument("--seq", type=int, default=None)
    a = ap.parse_args()
    if not 1 <= a.count <= 1000:
        raise SystemExit("--count must be 1..1000")
    seq = a.seq if a.seq is not None else struct.unpack("!H", os.urandom(2))[0]
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", 0))
    for i in range(a.count):
        header = struct.pack("!BBHII", 0x80, 0, (seq + i) & 0xFFFF, 160 * i, a.ssrc)
        s.sendto(header + os.urandom(160) + os.urandom(10), (a.host, a.port))
    print(f"sent {a.count} forged SRTP packets to {a.host}:{a.port} ssrc {a.ssrc:08x}")


if __name__ == "__main__":
    main()
