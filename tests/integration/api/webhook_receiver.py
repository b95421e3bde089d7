#!/usr/bin/env python3
"""A webhook receiver written from the documented scheme (DESIGN.md "After the call"), not
from our code: it recomputes HMAC-SHA256(secret, timestamp + "." + body), compares it with
X-Voiceagent-Signature (v1=<hex>) in constant time, checks the timestamp is recent, and
appends one JSON line per request to OUT:
  {"path", "event", "call_id", "campaign_id", "delivery", "sig_ok", "ts_ok", "header_event",
   "body"}
It answers 200 to a verified delivery and 401 otherwise.
Usage: webhook_receiver.py PORT SECRET OUT   (prints "listening PORT" when ready)"""
import hashlib
import hmac
import json
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT, SECRET, OUT = int(sys.argv[1]), sys.argv[2].encode(), sys.argv[3]


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        ts = self.headers.get("X-Voiceagent-Timestamp", "")
        sig = self.headers.get("X-Voiceagent-Signature", "")
        want = "v1=" + hmac.new(SECRET, ts.encode() + b"." + body, hashlib.sha256).hexdigest()
        sig_ok = hmac.compare_digest(want, sig)
        ts_ok = ts.isdigit() and abs(time.time() - int(ts)) < 300
        try:
            doc = json.loads(body)
        except ValueError:
            doc = {}
        line = {"path": self.path, "event": doc.get("event"), "call_id": doc.get("call_id"),
                "campaign_id": doc.get("campaign_id"),
                "delivery": self.headers.get("X-Voiceagent-Delivery"),
                "header_event": self.headers.get("X-Voiceagent-Event"),
                "sig_ok": sig_ok, "ts_ok": ts_ok, "body": doc}
        with open(OUT, "a") as f:
            f.write(json.dumps(line) + "\n")
        self.send_response(200 if sig_ok and ts_ok else 401)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


server = ThreadingHTTPServer(("127.0.0.1", PORT), Handler)
print(f"listening {server.server_address[1]}", flush=True)
server.serve_forever()
