#!/usr/bin/env python3
"""Figures of one call_load.sh run that say which process was slow, printed, never judged.

  load_figures.py WORK_DIR CALLS RATE

- cpu_ramp.txt (one line per second of the ramp: wall-clock ms, then the server's, simulator's
  and SIPp's CPU ticks): each
  process's busiest second and the machine's, in % of a core. Two cores = 200%: a ramp near
  200% is a starved machine, and the split says who had the cores.
  Also the server's and the simulator's run-queue wait (/proc/PID/task/*/schedstat): seconds
  their threads were runnable with no core to run on, i.e. starved by the machine.
- sim_sessions.jsonl milestones (wall-clock ms, the simulator's own clock): TCP accepted ->
  WebSocket upgraded (the client's HTTP upgrade request, after TLS when on), upgraded -> setup
  (the client's first message) and setup -> setupComplete (the simulator's own answer, nominally
  its 200 ms setup delay). A setup timeout with a slow last step is the simulator's; with slow
  first steps it is the server's (or the machine's, see the CPU).
- serve.log: how many AI sessions timed out waiting for setupComplete.
"""
import json
import sys


def pct(values, p):
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(p * len(values)))]


def cpu_ramp(path):
    rows = []
    for line in open(path).read().split("\n")[1:]:
        if line.strip():
            rows.append([int(x) for x in line.split()])
    if len(rows) < 2:
        return
    names = ("server", "simulator", "SIPp")
    busiest = [0] * 3
    busiest_total = 0
    for a, b in zip(rows, rows[1:]):
        # ticks are 10 ms: ticks / (elapsed ms / 10) * 100 = % of a core
        d = [(b[i + 1] - a[i + 1]) * 1000 / (b[0] - a[0]) for i in range(3)]
        busiest = [max(x, y) for x, y in zip(busiest, d)]
        busiest_total = max(busiest_total, sum(d))
    total = [rows[-1][i + 1] - rows[0][i + 1] for i in range(3)]
    secs = (rows[-1][0] - rows[0][0]) / 1000
    if len(rows[0]) >= 6:
        # Runnable but not running: the time the threads queued for a core (schedstat).
        waits = [(rows[-1][i] - rows[0][i]) / 1e9 for i in (4, 5)]
        print(f"ramp run-queue wait over {secs:.1f} s (threads runnable, no core free): server "
              f"{waits[0]:.1f} s, simulator {waits[1]:.1f} s (summed over their threads)")
    print(f"ramp CPU over {secs:.1f} s (% of a core; 2 cores = 200%): busiest second " +
          ", ".join(f"{n} {b:.0f}%" for n, b in zip(names, busiest)) +
          f", all three {busiest_total:.0f}%; mean " +
          ", ".join(f"{n} {t / secs:.0f}%" for n, t in zip(names, total)))


def thread_ramp(path):
    """The server's threads' busiest second in the ramp (lines: unix_ms tid comm ticks)."""
    samples = {}
    for line in open(path):
        t, tid, comm, ticks = line.split()
        samples.setdefault((tid, comm), []).append((int(t), int(ticks)))
    busiest = []
    for (tid, comm), rows in samples.items():
        best = max(((b[1] - a[1]) * 1000 / (b[0] - a[0]) for a, b in zip(rows, rows[1:])
                    if b[0] > a[0]), default=0)
        busiest.append((best, tid, comm))
    busiest.sort(reverse=True)
    print(f"server threads ({len(busiest)}), busiest second in the ramp: " +
          ", ".join(f"{comm}/{tid} {b:.0f}%" for b, tid, comm in busiest[:4]))


def milestones(path, calls, rate):
    ends, without = [], []
    for line in open(path):
        if '"session_end"' in line:
            ends.append(json.loads(line))
        elif '"session_without_setup"' in line:
            without.append(json.loads(line))
    steps = {"accepted->upgraded": [], "upgraded->setup": [], "setup->setupComplete": []}
    for s in ends:
        if not s.get("accepted_at_ms"):
            continue  # an older simulator without milestones
        steps["accepted->upgraded"].append(s["upgraded_at_ms"] - s["accepted_at_ms"])
        steps["upgraded->setup"].append(s["setup_at_ms"] - s["upgraded_at_ms"])
        if s.get("setup_complete_at_ms"):
            steps["setup->setupComplete"].append(s["setup_complete_at_ms"] - s["setup_at_ms"])
    for name, v in steps.items():
        print(f"simulator milestones {name} ms: p50 {pct(v, 0.5)} p99 {pct(v, 0.99)} "
              f"max {max(v) if v else '-'} ({len(v)} sessions)")
    accepted = sorted(s["accepted_at_ms"] for s in ends + without if s.get("accepted_at_ms"))
    if accepted:
        span = (accepted[-1] - accepted[0]) / 1000
        print(f"simulator accepted {len(accepted)} connections over {span:.1f} s (ramp nominal "
              f"{calls / rate:.1f} s); {len(without)} upgraded but never sent a setup")


def main():
    work, calls, rate = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    try:
        cpu_ramp(f"{work}/cpu_ramp.txt")
    except OSError as e:
        print(f"ramp CPU: none ({e})")
    try:
        thread_ramp(f"{work}/cpu_threads.txt")
    except (OSError, ValueError) as e:
        print(f"server threads: none ({e})")
    try:
        milestones(f"{work}/sim_sessions.jsonl", calls, rate)
    except (OSError, ValueError, KeyError) as e:
        print(f"simulator milestones: none ({e})")
    try:
        log = open(f"{work}/serve.log").read()
        print(f"server: {log.count('AI session failed: no setupComplete')} AI sessions timed out "
              "waiting for setupComplete")
    except OSError:
        pass


main()
