#!/usr/bin/env python3
"""Records /api/events (RFC 6455 over plain TCP, standard library only) for the e2e tests.

ws_events.py --url http://127.0.0.1:PORT --token TOKEN --out FILE --seconds N
Writes one line per text message to FILE (flushed at once, so a test can poll it), answers
pings, and exits after N seconds or when the server closes: always bounded."""
import argparse
import base64
import os
import socket
import struct
import sys
import time
import urllib.parse


def handshake(sock, host, token):
    key = base64.b64encode(os.urandom(16)).decode()
    req = (f"GET /api/events?token={urllib.parse.quote(token)} HTTP/1.1\r\nHost: {host}\r\n"
           f"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
           f"Sec-WebSocket-Version: 13\r\nOrigin: http://{host}\r\n\r\n")
    sock.sendall(req.encode())
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = sock.recv(4096)
        if not chunk:
            sys.exit("ws_events: the server closed during the handshake")
        head += chunk
    status = head.split(b"\r\n", 1)[0]
    if b" 101 " not in status:
        sys.exit("ws_events: upgrade refused: " + status.decode(errors="replace"))
    return head.split(b"\r\n\r\n", 1)[1]


def send_frame(sock, opcode, payload=b""):
    mask = os.urandom(4)
    masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
    sock.sendall(bytes([0x80 | opcode, 0x80 | len(payload)]) + mask + masked)


def frames(sock, buf, deadline):
    while time.monotonic() < deadline:
        while len(buf) >= 2:
            opcode, n = buf[0] & 0x0F, buf[1] & 0x7F
            at = 2
            if n == 126:
                if len(buf) < 4:
                    break
                n, at = struct.unpack(">H", buf[2:4])[0], 4
            elif n == 127:
                if len(buf) < 10:
                    break
                n, at = struct.unpack(">Q", buf[2:10])[0], 10
            if len(buf) < at + n:
                break
            yield opcode, buf[at:at + n]
            buf = buf[at + n:]
        sock.settimeout(max(0.05, min(1.0, deadline - time.monotonic())))
        try:
            chunk = sock.recv(65536)
        except socket.timeout:
            continue
        if not chunk:
            return
        buf += chunk


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", required=True)
    ap.add_argument("--token", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seconds", type=float, default=60)
    a = ap.parse_args()
    u = urllib.parse.urlparse(a.url)
    sock = socket.create_connection((u.hostname, u.port), timeout=5)
    rest = handshake(sock, f"{u.hostname}:{u.port}", a.token)
    deadline = time.monotonic() + a.seconds
    with open(a.out, "a") as out:
        out.write('{"type":"ws.open"}\n')
        out.flush()
        for opcode, payload in frames(sock, rest, deadline):
            if opcode == 0x1:
                out.write(payload.decode() + "\n")
                out.flush()
            elif opcode == 0x9:
                send_frame(sock, 0xA, payload)
            elif opcode == 0x8:
                return


if __name__ == "__main__":
    main()
