#!/usr/bin/env python3
"""Drive baresip 1.0.0 through its ctrl_tcp module (netstring-framed JSON on TCP 127.0.0.1).

After the verified recipe in shared/ref/peers/baresip_ctrl.py (test-peers.md section 2.3).

  baresip_ctrl.py PORT COMMAND [PARAMS] [--wait EVENT_TYPE] [--timeout S]
      send one command (dial, hangup, accept, listcalls, quit, ...); print every message;
      with --wait, return once that event arrives (exit 0), 2 on timeout.
  baresip_ctrl.py PORT --events FILE [--timeout S]
      append every event (one JSON object per line) to FILE until the connection closes or
      the timeout (default 600 s) passes: a call log for tests (CALL_INCOMING,
      CALL_ESTABLISHED, CALL_CLOSED with "param" = reason, ...).

Wire format: "<len>:<json>,". Commands {"command": "dial", "params": "sip:...", "token": "t1"};
answers {"response": true, "ok": true, "data": "...", "token": "t1"}; events
{"event": true, "class": "call", "type": "CALL_ESTABLISHED", ...} on the same connection.
"""
import json
import socket
import sys
import time


def send(sock, obj):
    data = json.dumps(obj).encode()
    sock.sendall(str(len(data)).encode() + b":" + data + b",")


def messages(sock, deadline):
    buf = b""
    while time.time() < deadline:
        sock.settimeout(max(0.05, min(1.0, deadline - time.time())))
        try:
            chunk = sock.recv(65536)
        except socket.timeout:
            continue
        if not chunk:
            return
        buf += chunk
        while b":" in buf:
            head, rest = buf.split(b":", 1)
            if not head.isdigit():
                raise ValueError("bad netstring header %r" % head[:20])
            n = int(head)
            if len(rest) < n + 1:
                break
            yield json.loads(rest[:n])
            buf = rest[n + 1:]


def connect(port, timeout=5.0):
    end = time.time() + timeout
    while True:
        try:
            return socket.create_connection(("127.0.0.1", port), timeout=2)
        except OSError:
            if time.time() > end:
                raise
            time.sleep(0.1)


def main(argv):
    args = list(argv[1:])
    wait, timeout, events = None, 10.0, None
    if "--wait" in args:
        i = args.index("--wait"); wait = args[i + 1]; del args[i:i + 2]
    if "--timeout" in args:
        i = args.index("--timeout"); timeout = float(args[i + 1]); del args[i:i + 2]
    if "--events" in args:
        i = args.index("--events"); events = args[i + 1]; del args[i:i + 2]
        if "--timeout" not in argv:
            timeout = 600.0
    if not args:
        print(__doc__, file=sys.stderr)
        return 2
    sock = connect(int(args[0]))
    if events:
        with open(events, "a") as out:
            for m in messages(sock, time.time() + timeout):
                if m.get("event"):
                    m["t"] = round(time.time(), 3)
                    out.write(json.dumps(m) + "\n")
                    out.flush()
        return 0
    cmd, params = args[1], " ".join(args[2:])
    msg = {"command": cmd, "token": "t1"}
    if params:
        msg["params"] = params
    send(sock, msg)
    ok = None
    for m in messages(sock, time.time() + timeout):
        print(json.dumps(m), flush=True)
        if m.get("response"):
            ok = m.get("ok")
            if not wait:
                break
        if wait and m.get("event") and m.get("type") == wait:
            return 0 if ok is not False else 1
    if wait:
        print("timeout waiting for %s" % wait, file=sys.stderr)
        return 2
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
