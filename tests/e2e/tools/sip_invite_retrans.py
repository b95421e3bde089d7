#!/usr/bin/env python3
"""A caller whose INVITE is retransmitted (RFC 3261 17.1.1.2, 17.2.1): sends the same INVITE
(same branch, Call-ID, CSeq) --copies times, --interval-ms apart, whatever the responses
say, as a lossy path delivers it. SIPp cannot do this: a response arriving while a scenario
pauses between copies aborts its call.

Then ACKs the 2xx (unless --no-ack), holds the call --hold-s seconds (sending G.711 silence
every 20 ms so an RTP inactivity timer does not end it), sends BYE and waits for its 200.
Prints JSON: responses by status, distinct To-tags (a UAS that absorbed the copies answers
with exactly one dialog), whether the BYE was answered. Exit 0 when exactly one dialog was
created and (with ACK) the BYE got 200; 1 otherwise; 2 on usage errors. stdlib only.

  sip_invite_retrans.py --target 127.0.0.1:5060 --to 1000 [--copies 3] [--interval-ms 200]
"""
import argparse
import json
import random
import re
import socket
import struct
import sys
import time


def build(method, uri, branch, call_id, cseq, from_tag, to_hdr, local, body=b""):
    lines = [
        "%s %s SIP/2.0" % (method, uri),
        "Via: SIP/2.0/UDP %s:%d;branch=%s;rport" % (local[0], local[1], branch),
        "Max-Forwards: 70",
        "From: <sip:retrans@%s:%d>;tag=%s" % (local[0], local[1], from_tag),
        "To: %s" % to_hdr,
        "Call-ID: %s" % call_id,
        "CSeq: %d %s" % (cseq, method),
        "Contact: <sip:retrans@%s:%d>" % local,
    ]
    if body:
        lines.append("Content-Type: application/sdp")
    lines.append("Content-Length: %d" % len(body))
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def header(msg, name):
    m = re.search(r"^%s\s*:\s*(.*?)\r?$" % re.escape(name), msg, re.M | re.I)
    return m.group(1).strip() if m else None


def main(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--target", required=True, help="HOST:PORT of the UAS")
    p.add_argument("--to", default="1000", help="user part of the Request-URI")
    p.add_argument("--copies", type=int, default=3)
    p.add_argument("--interval-ms", type=int, default=200)
    p.add_argument("--no-ack", action="store_true", help="never ACK the 2xx")
    p.add_argument("--hold-s", type=float, default=2.0)
    p.add_argument("--timeout-s", type=float, default=20.0, help="wait for the final response")
    a = p.parse_args(argv[1:])
    host, port = a.target.rsplit(":", 1)
    dest = (host, int(port))
    sip = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sip.bind(("127.0.0.1", 0))
    rtp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    rtp.bind(("127.0.0.1", 0))
    local = sip.getsockname()
    rtp_port = rtp.getsockname()[1]
    call_id = "retrans-%08x@127.0.0.1" % random.getrandbits(32)
    from_tag, branch = "%08x" % random.getrandbits(32), "z9hG4bK-%08x" % random.getrandbits(32)
    uri = "sip:%s@%s:%d" % (a.to, host, int(port))
    sdp = ("v=0\r\no=retrans 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
           "m=audio %d RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=ptime:20\r\na=sendrecv\r\n"
           % rtp_port).encode()
    invite = build("INVITE", uri, branch, call_id, 1, from_tag, "<%s>" % uri, local, sdp)
    statuses, to_tags, final, remote_sdp = {}, set(), None, None
    deadline = time.time() + a.timeout_s
    next_copy, sent = time.time(), 0
    while time.time() < deadline and (final is None or sent < a.copies):
        if sent < a.copies and time.time() >= next_copy:
            sip.sendto(invite, dest)
            sent += 1
            next_copy = time.time() + a.interval_ms / 1000
        sip.settimeout(0.02)
        try:
            data = sip.recv(65535).decode(errors="replace")
        except socket.timeout:
            continue
        m = re.match(r"SIP/2.0 (\d{3})", data)
        if not m or header(data, "Call-ID") != call_id:
            continue
        code = int(m.group(1))
        statuses[code] = statuses.get(code, 0) + 1
        to = header(data, "To") or ""
        t = re.search(r";\s*tag=([^;>\s]+)", to)
        if t and code >= 180:
            to_tags.add(t.group(1))
        if code >= 200 and final is None:
            final, final_to, final_msg = code, to, data
    report = {"invites_sent": sent, "responses": {str(k): v for k, v in sorted(statuses.items())},
              "to_tags": sorted(to_tags), "final": final, "acked": False, "bye_answered": None}
    ok = final is not None and len(to_tags) <= 1
    if final == 200 and not a.no_ack:
        contact = re.search(r"<([^>]+)>", header(final_msg, "Contact") or "")
        target = contact.group(1) if contact else uri
        ack = build("ACK", target, "z9hG4bK-%08x" % random.getrandbits(32), call_id, 1, from_tag,
                    final_to, local)
        sip.sendto(ack, dest)
        report["acked"] = True
        end = time.time() + a.hold_s
        seq, ts = 0, 0
        m_audio = re.search(r"m=audio (\d+)", final_msg)
        m_conn = re.search(r"c=IN IP4 (\S+)", final_msg)
        media = (m_conn.group(1), int(m_audio.group(1))) if m_audio and m_conn else None
        while time.time() < end:
            if media:
                rtp.sendto(struct.pack("!BBHII", 0x80, 0, seq & 0xFFFF, ts, 0x5E7A0001) +
                           b"\xff" * 160, media)
            seq, ts = seq + 1, ts + 160
            time.sleep(0.02)
        bye = build("BYE", target, "z9hG4bK-%08x" % random.getrandbits(32), call_id, 2, from_tag,
                    final_to, local)
        bye_deadline = time.time() + 8
        report["bye_answered"] = False
        next_bye = 0.0
        while time.time() < bye_deadline:
            if time.time() >= next_bye:
                sip.sendto(bye, dest)
                next_bye = time.time() + 0.5
            sip.settimeout(0.05)
            try:
                data = sip.recv(65535).decode(errors="replace")
            except socket.timeout:
                continue
            if header(data, "Call-ID") == call_id and re.match(r"SIP/2.0 200", data) and \
                    "BYE" in (header(data, "CSeq") or ""):
                report["bye_answered"] = True
                break
        ok = ok and report["bye_answered"]
    report["ok"] = bool(ok)
    print(json.dumps(report))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
