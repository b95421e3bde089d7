#!/usr/bin/env python3
"""Picks simulator keys by the tone the simulator plays for them, for tests that tell calls
apart by tone. The simulator's tone for a key is 300 + 20 * (FNV-1a 64 of the key % 80) Hz
(src/sim/sim_config.cc). Prints "key hz" for each name on one line.

  sim_keys.py --prefix e2e-key --names A,B --avoid 440,1300 --away 100 --apart 200
  sim_keys.py --prefix e2e-baresip-key --avoid 700 --away 150      # one key, no name
"""
import argparse
import random


def fnv1a64(data: bytes) -> int:
    h = 14695981039346656037
    for x in data:
        h = ((h ^ x) * 1099511628211) & 0xFFFFFFFFFFFFFFFF
    return h


def tone_hz(key: str) -> int:
    return 300 + 20 * (fnv1a64(key.encode()) % 80)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--prefix", required=True)
    ap.add_argument("--names", default="", help="comma-separated; empty = one key")
    ap.add_argument("--avoid", default="", help="comma-separated Hz the tones keep --away from")
    ap.add_argument("--away", type=int, default=150)
    ap.add_argument("--apart", type=int, default=200, help="Hz between the picked tones")
    a = ap.parse_args()
    names = a.names.split(",") if a.names else [""]
    avoid = [int(f) for f in a.avoid.split(",") if f]
    for _ in range(100000):  # bounded: a fitting set is found within a few dozen draws
        keys = ["-".join(p for p in (a.prefix, n, "%08x" % random.getrandbits(32)) if p)
                for n in names]
        tones = [tone_hz(k) for k in keys]
        if all(abs(t - f) >= a.away for t in tones for f in avoid) and all(
                abs(x - y) >= a.apart for i, x in enumerate(tones) for y in tones[i + 1:]):
            print(" ".join("%s %d" % kt for kt in zip(keys, tones)))
            return
    raise SystemExit("sim_keys.py: no keys fit the constraints")


if __name__ == "__main__":
    main()
