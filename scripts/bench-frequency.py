#!/usr/bin/env python3
"""Times `gaffe lint --rules posting-frequency` on a schedule against a pandas rolling-window count
over the same CSV, in the same run, and checks that both count the same posts in the same windows.

Usage:
    python3 -m venv .venv-bench && .venv-bench/bin/pip install pandas      # once; pandas from PyPI
    swift build -c release --product gaffe
    python3 ../shared/bench/gen_corpus.py 1000000 /tmp/freq --accounts 2000
    .venv-bench/bin/python scripts/bench-frequency.py /tmp/freq/schedule.csv [--runs 3] [--sample 5000]

Both sides do the same job: for every post, how many posts of its account on its channel fall in
the sliding windows (t - W, t] of the four norms below, and which exceed them. Gaffe reads them
from a configuration written here (the same norm for every channel, platform caps switched off so
that pandas need not model per-channel tables; the built-in defaults are timed separately).

The pandas side reads the three columns it needs (usecols), parses the ISO 8601 times with their
offsets, sorts by account, channel, time and row (Gaffe's order), and counts with
groupby(...).rolling(window).sum(), which is exactly the half-open window Gaffe uses.

Each timing is the median of --runs runs: wall-clock time, user+system CPU time and peak resident
memory (ru_maxrss of the child for Gaffe, of this process for pandas, measured in a fresh
interpreter). The count check samples rows: for each sampled row and norm, if pandas counts more
posts than the norm allows, Gaffe must report that norm for that row with the same count;
otherwise Gaffe must not report it.
"""
import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time

NORMS = [  # id, posts, window (pandas offset), window (Gaffe duration)
    ("spacing", 1, "10min", "10m"),
    ("burst", 3, "1h", "1h"),
    ("per_day", 5, "24h", "1d"),
    ("per_week", 20, "7D", "7d"),
]

CONFIG = """frequency:
  limits:
    x: {daily: off, api-15m: off, api-3h: off}
    instagram: {api-24h: off}
    threads: {api-24h: off, replies-24h: off}
    linkedin: {daily: off}
    tiktok: {daily: off, api-1m: off}
    bluesky: {hourly: off, daily: off}
    mastodon: {api-3h: off}
  norms:
    spacing: 10m
    burst: 3 in 1h
    per_day: 5
    per_week: 20
"""

PANDAS = r"""
import json, resource, sys, time
import pandas as pd
start = time.perf_counter()
cpu = time.process_time()
df = pd.read_csv(sys.argv[1], usecols=["publish_at", "account", "channel"], dtype={"account": "category", "channel": "category"})
df["t"] = pd.to_datetime(df["publish_at"], utc=True, format="ISO8601")
df["row"] = range(1, len(df) + 1)
df = df.sort_values(["account", "channel", "t", "row"], kind="stable")
df["one"] = 1
indexed = df.set_index("t")
groups = indexed.groupby(["account", "channel"], observed=True, sort=False)["one"]
counts = {}
for name, window in json.loads(sys.argv[2]):
    counts[name] = groups.rolling(window).sum().to_numpy().astype("int64")
elapsed = time.perf_counter() - start
used = time.process_time() - cpu
sample = set(json.loads(sys.argv[3]))
rows = df["row"].to_numpy()
out = {name: {} for name in counts}
for position, row in enumerate(rows):
    if int(row) in sample:
        for name in counts:
            out[name][int(row)] = int(counts[name][position])
print(json.dumps({"elapsed": elapsed, "cpu": used, "rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "counts": out}))
"""


def run_gaffe(gaffe, schedule, config, output):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    args = [gaffe, "lint", "--rules", "posting-frequency", "--fail-on", "never", "--format", "json", "--output", output, schedule]
    args[2:2] = ["--config", config] if config else ["--no-config"]
    subprocess.run(args, check=True)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu, after.ru_maxrss


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("schedule")
    parser.add_argument("--gaffe", default=".build/release/gaffe")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sample", type=int, default=5000)
    args = parser.parse_args()

    with open(args.schedule, "rb") as handle:
        rows = sum(1 for _ in handle) - 1
    random.seed(7)
    sample = sorted(random.sample(range(1, rows + 1), min(args.sample, rows)))
    work = tempfile.mkdtemp(prefix="bench-frequency-")
    config = os.path.join(work, "bench.gaffe.yml")
    with open(config, "w") as handle:
        handle.write(CONFIG)
    output = os.path.join(work, "findings.json")
    windows = json.dumps([(name, window) for name, _, window, _ in NORMS])

    gaffe_runs, default_runs, pandas_runs = [], [], []
    pandas_result = None
    for _ in range(args.runs):
        gaffe_runs.append(run_gaffe(args.gaffe, args.schedule, config, output))
        default_runs.append(run_gaffe(args.gaffe, args.schedule, None, os.devnull))
        # A fresh interpreter each time, so that peak memory is pandas' own.
        result = subprocess.run([sys.executable, "-c", PANDAS, args.schedule, windows, json.dumps(sample)],
                                check=True, capture_output=True, text=True)
        pandas_result = json.loads(result.stdout)
        pandas_runs.append((pandas_result["elapsed"], pandas_result["cpu"], pandas_result["rss_kb"]))

    # Gaffe's counts: every (row, norm) it reports, with the posts in the window.
    with open(output) as handle:
        findings = json.load(handle)["findings"]
    reported = {}
    for finding in findings:
        row = finding["draft"]["index"]
        for limit in finding["frequency"]["limits"]:
            reported[(row, limit["id"])] = limit["count"]
    mismatches = []
    checked = flagged = 0
    for name, posts, _, _ in NORMS:
        for row, count in pandas_result["counts"][name].items():
            row = int(row)
            checked += 1
            gaffe_count = reported.get((row, name))
            if count > posts:
                flagged += 1
                if gaffe_count != count:
                    mismatches.append((row, name, count, gaffe_count))
            elif gaffe_count is not None:
                mismatches.append((row, name, count, gaffe_count))

    def median(runs, index):
        return statistics.median(run[index] for run in runs)

    print(f"rows: {rows}, findings: {len(findings)}")
    print(f"{'':34} {'wall':>8} {'cpu':>8} {'peak RSS':>10}")
    for label, runs in [("pandas rolling count", pandas_runs), ("gaffe (same norms)", gaffe_runs), ("gaffe (built-in defaults)", default_runs)]:
        print(f"{label:34} {median(runs, 0):7.2f}s {median(runs, 1):7.2f}s {median(runs, 2) / 1024:8.0f} MB")
    print(f"gaffe / pandas wall time: {median(gaffe_runs, 0) / median(pandas_runs, 0):.2f}x")
    print(f"counts compared: {checked} (row, norm) pairs from {len(sample)} sampled rows, {flagged} over a norm; mismatches: {len(mismatches)}")
    for mismatch in mismatches[:20]:
        print("  row %d %s: pandas %d, gaffe %s" % mismatch)
    sys.exit(1 if mismatches else 0)


if __name__ == "__main__":
    main()
