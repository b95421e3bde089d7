#!/usr/bin/env python3
"""latency.sh's figures: the phone's times (rtp_phone.py) against the AI peer's (the
simulator's --timing-log lines), matched event by event. Prints p50/p99/max per direction and
fails (exit 1) when a direction has fewer than --min samples or a p99 above its limit.

  latency_figures.py PHONE_JSON SIM_JSONL [--min N] [--up MS] [--down MS] [--barge MS]

Matching (times in us, one wall clock):
- uplink: each burst the phone sent at T -> the first audio_in_onset O in [T, T + 500 ms): O - T;
- downlink: each audio_out_start S -> the first loud packet received at or after S after a
  quiet one, within 500 ms: R - S (the server paces audio out on 20 ms ticks, so up to 20 ms of
  it is the pacer's wait; the issue's budget is 1 ms beyond that);
- barge-in: each interrupted I -> the first end of loud audio at the phone (a loud packet followed
  by three quiet ones) at or after I - 200 ms: E - I.
"""
import argparse
import json
import sys

WINDOW_US = 500_000


def pct(v, p):
    v = sorted(v)
    return v[min(len(v) - 1, int(p * len(v)))] if v else float("nan")


def uplink(bursts, onsets):
    out = []
    for t in bursts:
        o = next((x for x in onsets if t <= x < t + WINDOW_US), None)
        if o is not None:
            out.append((o - t) / 1000)
    return out


def downlink(starts, rx):
    out = []
    for s in starts:
        for i in range(1, len(rx)):
            ts, loud = rx[i]
            if ts < s or not loud or rx[i - 1][1]:
                continue
            if ts < s + WINDOW_US:
                out.append((ts - s) / 1000)
            break
    return out


def barge_in(interrupts, rx):
    out = []
    for t in interrupts:
        for i in range(len(rx) - 3):
            ts, loud = rx[i]
            if ts < t - 200_000 or not loud or any(x[1] for x in rx[i + 1:i + 4]):
                continue
            if ts < t + WINDOW_US:
                out.append((ts - t) / 1000)
            break
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("phone")
    ap.add_argument("sim")
    ap.add_argument("--min", type=int, default=5)
    ap.add_argument("--up", type=float, default=50)
    ap.add_argument("--down", type=float, default=80)
    ap.add_argument("--barge", type=float, default=80)
    a = ap.parse_args()
    phone = json.load(open(a.phone))
    events = {"audio_in_onset": [], "audio_out_start": [], "interrupted": []}
    for line in open(a.sim):
        e = json.loads(line)
        if e.get("event") in events:
            events[e["event"]].append(e["at_unix_us"])
    rx = sorted(phone["rx"])
    rows = [("uplink: caller RTP sent -> the AI receives it", uplink(phone["tx_burst_us"],
                                                                      events["audio_in_onset"]),
             a.up, len(phone["tx_burst_us"])),
            ("downlink: AI audio sent -> first RTP packet at the phone",
             downlink(events["audio_out_start"], rx), a.down, len(events["audio_out_start"])),
            ("barge-in: interrupted sent -> last packet of that audio at the phone",
             barge_in(events["interrupted"], rx), a.barge, len(events["interrupted"]))]
    fails = 0
    for name, v, limit, events_n in rows:
        ok = len(v) >= a.min and pct(v, 0.99) <= limit
        fails += not ok
        print(("ok    " if ok else "FAIL  ") +
              f"{name} ms: p50 {pct(v, 0.5):.2f} p99 {pct(v, 0.99):.2f} max "
              f"{max(v) if v else float('nan'):.2f} min {min(v) if v else float('nan'):.2f} "
              f"({len(v)} matched of {events_n}; need >= {a.min}, p99 limit {limit:g})")
    print(f"phone: {len(rx)} packets received, {sum(x[1] for x in rx)} loud; "
          f"{len(phone['tx_burst_us'])} bursts sent")
    print("PASS" if not fails else f"FAIL: {fails} check(s)")
    sys.exit(1 if fails else 0)


main()
