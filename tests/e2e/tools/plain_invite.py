#!/usr/bin/env python3
"""Sends one INVITE with a plain RTP/AVP PCMU offer over UDP and prints every response line
("provisional 1xx ..." / "final NNN ..."); ACKs a final non-2xx (RFC 3261 17.1.1.3). Waits at
most 5 s.   plain_invite.py HOST PORT USER"""
import os
import socket
import sys
import time


def main():
    host, port, user = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", 0))
    lport = s.getsockname()[1]
    tag, branch, cid = os.urandom(4).hex(), "z9hG4bK" + os.urandom(6).hex(), os.urandom(8).hex()
    sdp = ("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
           "m=audio 40000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n")
    head = (f"INVITE sip:{user}@{host}:{port} SIP/2.0\r\n"
            f"Via: SIP/2.0/UDP 127.0.0.1:{lport};branch={branch};rport\r\n"
            f"From: <sip:plain@127.0.0.1>;tag={tag}\r\nTo: <sip:{user}@{host}>\r\n"
            f"Call-ID: {cid}\r\nCSeq: 1 INVITE\r\nContact: <sip:plain@127.0.0.1:{lport}>\r\n"
            f"Max-Forwards: 70\r\nContent-Type: application/sdp\r\n"
            f"Content-Length: {len(sdp)}\r\n\r\n")
    s.sendto((head + sdp).encode(), (host, port))
    s.settimeout(0.5)
    deadline = time.time() + 5
    while time.time() < deadline:
        try:
            data = s.recv(65535).decode(errors="replace")
        except socket.timeout:
            continue
        status_line = data.split("\r\n", 1)[0]
        code = int(status_line.split()[1])
        if code < 200:
            print("provisional", status_line.split(" ", 1)[1])
            continue
        print("final", status_line.split(" ", 1)[1])
        to = next(line for line in data.split("\r\n") if line.lower().startswith("to:"))
        ack = (f"ACK sip:{user}@{host}:{port} SIP/2.0\r\n"
               f"Via: SIP/2.0/UDP 127.0.0.1:{lport};branch={branch};rport\r\n"
               f"From: <sip:plain@127.0.0.1>;tag={tag}\r\n{to}\r\nCall-ID: {cid}\r\n"
               f"CSeq: 1 ACK\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n")
        s.sendto(ack.encode(), (host, port))
        return 0
    print("no final response within 5 s")
    return 1


if __name__ == "__main__":
    sys.exit(main())
