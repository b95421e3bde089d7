#!/usr/bin/env python3
"""When a tone is heard in a WAV: its share of the power in consecutive windows.

    tone_timeline.py heard.wav --tone 1340 [--window-s 0.5] [--min-db -6] [--not-before 1.5]

Prints JSON {"windows": [{"t", "rms_dbfs", "tone_db"}], "first_s"} where first_s is the start
of the first window whose tone share reaches --min-db (null if none). Exit 1 with a FAIL line
when no window reaches it, or when the first one starts before --not-before seconds: e.g. a
reply tone that the AI can only send after the caller's first turn, heard at once, came from
somewhere else (the greeting).
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rtp_analyze  # noqa: E402


def timeline(samples, rate, tone, window_s):
    step = max(1, int(window_s * rate))
    out = []
    for start in range(0, len(samples) - step + 1, step):
        info = rtp_analyze.analyse_samples(samples[start:start + step], rate, [tone])
        out.append({"t": round(start / rate, 3), "rms_dbfs": info["rms_dbfs"],
                    "tone_db": next(iter(info["tones_db"].values()), -120.0)})
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("wav")
    p.add_argument("--tone", type=float, required=True)
    p.add_argument("--window-s", type=float, default=0.5)
    p.add_argument("--min-db", type=float, default=-6.0)
    p.add_argument("--not-before", type=float, default=0.0)
    a = p.parse_args()
    rate, samples = rtp_analyze.read_wav(a.wav)
    windows = timeline(samples, rate, a.tone, a.window_s)
    first = next((w["t"] for w in windows if w["tone_db"] >= a.min_db), None)
    print(json.dumps({"file": a.wav, "tone": a.tone, "window_s": a.window_s, "first_s": first,
                      "windows": windows}, indent=1))
    if first is None:
        print("FAIL: %s: %g Hz never reaches %g dB of a %g s window" %
              (a.wav, a.tone, a.min_db, a.window_s), file=sys.stderr)
        return 1
    if first < a.not_before:
        print("FAIL: %s: %g Hz is heard at %g s, before %g s" %
              (a.wav, a.tone, first, a.not_before), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
