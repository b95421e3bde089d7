#!/usr/bin/env python3
"""Checks the campaign gateway's log (campaign_gateway.xml: `unix_ms;call_id;user;invite|end`
per line) and the REST API's view of the campaign against the dialer's rules. Prints the
numbers it measured and one FAIL line per broken rule; exit 1 if any.

Numbers: the user part is a 2-digit line prefix, then 4930 K nnnnn (K: 1 answer, 2 busy,
3 no answer, 4 not found). Prefix 93 always gets 503 (congestion: never counted)."""
import argparse
import collections
import json
import sys


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument("--log", required=True)
    p.add_argument("--leads", required=True, help="GET /api/campaigns/{id}/leads JSON")
    p.add_argument("--lead-ids", required=True, help="ids of the import, in CSV order")
    p.add_argument("--spec", required=True, help="kind:count:first:status,... (CSV order)")
    p.add_argument("--progress", required=True)
    p.add_argument("--max-concurrent", type=int, required=True)
    p.add_argument("--cpm", type=int, required=True)
    p.add_argument("--max-attempts", type=int, required=True)
    p.add_argument("--retry-ms", type=int, required=True)
    p.add_argument("--line-caps", required=True, help="prefix:capacity,...")
    p.add_argument("--far-opened-ms", type=int, required=True)
    return p.parse_args()


def read_events(path):
    events = []
    for line in open(path, encoding="utf-8", errors="replace"):
        parts = line.strip().split(";")
        if len(parts) != 4 or parts[3] not in ("invite", "end"):
            continue
        events.append((float(parts[0]), parts[3], parts[1], parts[2]))
    # Times in ms with SIPp's microseconds; ends first at equal times (freed already).
    events.sort(key=lambda e: (e[0], e[1] != "end"))
    return events


def expected_leads(spec, ids):
    """lead id -> (number digits, kind, status) in import order."""
    out, i = {}, 0
    for part in spec.split(","):
        kind, count, first, status = part.split(":")
        for n in range(int(count)):
            out[ids[i]] = ("4930%s%05d" % (kind, n + int(first)), int(kind), status,
                           int(first) >= 60000)
            i += 1
    return out


def check_concurrency(events, args, fails):
    caps = {p: int(c) for p, c in (x.split(":") for x in args.line_caps.split(","))}
    up, up_line = set(), collections.Counter()
    peak, peak_line = 0, collections.Counter()
    for _, kind, call_id, user in events:
        line = user[:2]
        if kind == "invite":
            up.add(call_id)
            up_line[line] += 1
        elif call_id in up:
            up.discard(call_id)
            up_line[line] -= 1
        peak = max(peak, len(up))
        peak_line[line] = max(peak_line[line], up_line[line])
    print(f"peak calls up: {peak} (max_concurrent {args.max_concurrent}); per line "
          f"{dict(peak_line)} (capacity {caps})")
    if peak > args.max_concurrent:
        fails.append(f"{peak} calls up at once, max_concurrent is {args.max_concurrent}")
    for line, n in peak_line.items():
        if n > caps.get(line, 0):
            fails.append(f"line {line}: {n} calls up, capacity {caps.get(line, 0)}")


def check_rate(events, args, fails):
    invites = [t for t, kind, _, _ in events if kind == "invite"]
    worst59, worst60, j, k = 0, 0, 0, 0
    for i, t in enumerate(invites):
        while invites[j] <= t - 59000:
            j += 1
        while invites[k] <= t - 60000:
            k += 1
        worst59, worst60 = max(worst59, i - j + 1), max(worst60, i - k + 1)
    span = (invites[-1] - invites[0]) / 1000 if invites else 0
    print(f"INVITEs: {len(invites)} in {span:.1f} s; most in 59 s: {worst59}, in 60 s: "
          f"{worst60} (calls_per_minute {args.cpm})")
    if worst59 > args.cpm:
        fails.append(f"{worst59} INVITEs within 59 s, calls_per_minute is {args.cpm}")


def attempts_by_number(events):
    """number -> [(invite_ms, end_ms)] of attempts that were not congested (line 93)."""
    starts, out = {}, collections.defaultdict(list)
    congested = collections.Counter()
    for t, kind, call_id, user in events:
        number, line = user[2:], user[:2]
        if line == "93":
            congested[number] += kind == "invite"
            continue
        if kind == "invite":
            starts[call_id] = (t, number)
        elif call_id in starts:
            out[number].append((starts.pop(call_id)[0], t))
    for t, number in starts.values():  # never ended at the gateway
        out[number].append((t, None))
    return out, congested


def check_leads(events, args, fails):
    ids = json.load(open(args.lead_ids))
    leads = {x["lead_id"]: x for x in json.load(open(args.leads))["items"]}
    want = expected_leads(args.spec, ids)
    by_number, congested = attempts_by_number(events)
    total = 0
    for lead_id, (number, kind, status, far) in want.items():
        tries = sorted(by_number.get(number, []))
        api = leads.get(lead_id)
        total += len(tries)
        if api is None:
            fails.append(f"lead {lead_id} missing from the campaign's leads")
            continue
        if status == "do_not_call":
            if tries or congested[number]:
                fails.append(f"do_not_call lead {number} was dialled")
            if (api["state"], api.get("skip_reason")) != ("skipped", "do_not_call"):
                fails.append(f"do_not_call lead {number}: {api}")
            continue
        expect = args.max_attempts if kind in (2, 3) else 1
        if len(tries) != expect:
            fails.append(f"{number}: {len(tries)} attempts, expected {expect}")
        if api["attempts"] != len(tries) or len(api["call_ids"]) != len(tries):
            fails.append(f"{number}: API says {api['attempts']} attempts / "
                         f"{len(api['call_ids'])} call ids, the gateway saw {len(tries)}")
        for (_, end), (start, _) in zip(tries, tries[1:]):
            if end is None or start - end < args.retry_ms:
                fails.append(f"{number}: retried {start - (end or 0)} ms after the end, "
                             f"retry delay is {args.retry_ms} ms")
        if far and tries and tries[0][0] < args.far_opened_ms:
            fails.append(f"{number} dialled at {tries[0][0]}, before its hours opened")
        state = {1: ("done", "answered"), 2: ("skipped", "busy"), 3: ("skipped", "no_answer"),
                 4: ("done", "rejected")}[kind]
        if (api["state"], api["last_outcome"]) != state:
            fails.append(f"{number}: state {api['state']}/{api['last_outcome']}, expected {state}")
    print(f"attempts at the gateway (congestion excluded): {total}; congested INVITEs on "
          f"line 93: {sum(congested.values())}")
    return total


def main():
    args = parse_args()
    events = read_events(args.log)
    fails = []
    if not events:
        fails.append("the gateway logged nothing")
    else:
        check_concurrency(events, args, fails)
        check_rate(events, args, fails)
        total = check_leads(events, args, fails)
        progress = json.load(open(args.progress))
        print(f"progress: {json.dumps(progress)}")
        if progress["attempts"] != total:
            fails.append(f"progress counts {progress['attempts']} attempts, gateway {total}")
        if progress["total"] != len(json.load(open(args.lead_ids))):
            fails.append(f"progress total {progress['total']}")
    for f in fails[:40]:
        print("FAIL:", f)
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
