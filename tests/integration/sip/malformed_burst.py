#!/usr/bin/env python3
"""Sends a burst of malformed SIP requests mixed with good OPTIONS to 127.0.0.1:PORT over UDP
and checks each answer: good ones 200, bad ones the expected status and reason phrase,
unroutable garbage nothing at all. Exit 0 when every expectation holds."""
import socket
import sys
import time

PORT = int(sys.argv[1])
ROUNDS = int(sys.argv[2]) if len(sys.argv) > 2 else 5
WAIT_S = 3.0

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind(("127.0.0.1", 0))
LOCAL_PORT = sock.getsockname()[1]


def request(branch, call_id="{b}@burst", cseq="1 OPTIONS", via=None, first="OPTIONS sip:agent@127.0.0.1 SIP/2.0",
            drop=()):
    via = via or f"SIP/2.0/UDP 127.0.0.1:{LOCAL_PORT};branch={branch};rport"
    headers = [
        ("Via", via),
        ("Max-Forwards", "70"),
        ("From", "<sip:burst@127.0.0.1>;tag=b1"),
        ("To", "<sip:agent@127.0.0.1>"),
        ("Call-ID", call_id.format(b=branch)),
        ("CSeq", cseq),
        ("Content-Length", "0"),
    ]
    lines = [first] + [f"{n}: {v}" for n, v in headers if n not in drop]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


# (branch, bytes, expected status line or None for "no answer")
cases = []
for r in range(ROUNDS):
    b = f"z9hG4bKgood{r}"
    cases.append((b, request(b), "SIP/2.0 200 OK"))
    b = f"z9hG4bKnocallid{r}"
    cases.append((b, request(b, drop=("Call-ID",)), "SIP/2.0 400 Missing Call-ID"))
    b = f"z9hG4bKbadvia{r}"
    # The top via-parm is usable, the second one is not: the message is rejected as a whole
    # and the 400 still finds its way back through the usable top entry.
    via = f"SIP/2.0/UDP 127.0.0.1:{LOCAL_PORT};branch={b};rport, SIP/2.0/UDP bad host!name"
    cases.append((b, request(b, via=via), "SIP/2.0 400 Bad Via header"))
    b = f"z9hG4bKbadcseq{r}"
    cases.append((b, request(b, cseq="one OPTIONS"), "SIP/2.0 400 Bad CSeq header"))
    b = f"z9hG4bKversion{r}"
    cases.append((b, request(b, first="OPTIONS sip:agent@127.0.0.1 SIP/3.0"),
                  "SIP/2.0 505 Version Not Supported"))
    b = f"z9hG4bKgarbage{r}"
    cases.append((b, b"\x00\x01garbage " + b.encode() + b"\r\n\r\n", None))
    b = f"z9hG4bKunroutable{r}"
    cases.append((b, request(b, via="complete nonsense " + b), None))

for _, data, _ in cases:
    sock.sendto(data, ("127.0.0.1", PORT))

expected = {b: status for b, _, status in cases if status}
answers = {}
deadline = time.monotonic() + WAIT_S
sock.settimeout(0.2)
while time.monotonic() < deadline and len(answers) < len(expected):
    try:
        data, _ = sock.recvfrom(65536)
    except socket.timeout:
        continue
    text = data.decode(errors="replace")
    status = text.split("\r\n", 1)[0]
    branch = text.split("branch=", 1)[1].split(";", 1)[0].split("\r", 1)[0] if "branch=" in text else "?"
    answers.setdefault(branch, []).append(status)

# Anything arriving for the unanswerable ones within a short grace period is a failure too.
sock.settimeout(0.3)
try:
    while True:
        data, _ = sock.recvfrom(65536)
        text = data.decode(errors="replace")
        branch = text.split("branch=", 1)[1].split(";", 1)[0] if "branch=" in text else "?"
        answers.setdefault(branch, []).append(text.split("\r\n", 1)[0])
except socket.timeout:
    pass

failures = []
for b, _, status in cases:
    got = answers.get(b, [])
    if status is None and got:
        failures.append(f"{b}: expected no answer, got {got}")
    elif status is not None and (not got or got[0] != status):
        failures.append(f"{b}: expected '{status}', got {got}")
unknown = set(answers) - {b for b, _, _ in cases}
if unknown:
    failures.append(f"answers for unknown branches: {sorted(unknown)}")

good = sum(1 for b, _, s in cases if s == "SIP/2.0 200 OK")
bad = sum(1 for b, _, s in cases if s and s != "SIP/2.0 200 OK")
silent = sum(1 for b, _, s in cases if s is None)
print(f"burst: {len(cases)} sent ({good} good, {bad} answerable bad, {silent} unanswerable), "
      f"{sum(len(v) for v in answers.values())} answers")
for f in failures:
    print("  " + f)
sys.exit(1 if failures else 0)
