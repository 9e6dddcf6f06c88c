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

The pandas side reads the three columns it needs (usecols; timed again reading every column, as
Gaffe does), parses the ISO 8601 times with their
offsets, sorts by account, channel, time and row (Gaffe's order), and counts with
groupby(...).rolling(window).sum(), which is exactly the half-open window Gaffe uses.

Each timing is the median of --runs runs: wall-clock time, user+system CPU time and peak resident
memory (ru_maxrss of the child for Gaffe, of a fresh interpreter for pandas). The count check
takes --sample random rows and up to --sample rows Gaffe flagged: for each and each norm, if
pandas counts more posts than the norm allows, Gaffe must report that norm for that row with the
same count; otherwise Gaffe must not report it. Exit status 1 on any mismatch.
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
    spacing: {posts: 1, within: 10m, counts: all}
    burst: {posts: 3, within: 1h, counts: all}
    per_day: {posts: 5, within: 24h, counts: all}
    per_week: {posts: 20, within: 7d, counts: all}
"""

PANDAS = r"""
import json, resource, sys, time
import pandas as pd
start = time.perf_counter()
cpu = time.process_time()
if sys.argv[4] == "all":
    df = pd.read_csv(sys.argv[1], dtype={"account": "category", "channel": "category"}, keep_default_na=False)
else:
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
    args = [gaffe, "lint", "--rules", "posting-frequency", "--fail-on", "never", "--format", "json", "--output", output, schedule]
    args[2:2] = ["--config", config] if config else ["--no-config"]
    start = time.perf_counter()
    child = subprocess.Popen(args)
    _, status, usage = os.wait4(child.pid, 0)  # this child's own usage, not every child's so far
    elapsed = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        sys.exit(f"gaffe exited with {child.returncode}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


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

    gaffe_runs, default_runs, pandas_runs, pandas_all_runs = [], [], [], []
    pandas_result = None
    for run in range(args.runs):
        gaffe_runs.append(run_gaffe(args.gaffe, args.schedule, config, output))
        default_runs.append(run_gaffe(args.gaffe, args.schedule, None, os.devnull))
        if run == 0:
            # Check every row Gaffe flags (up to --sample of them) as well as a random sample.
            with open(output) as handle:
                flagged_rows = sorted({finding["draft"]["index"] for finding in json.load(handle)["findings"]})
            random.shuffle(flagged_rows)
            sample = sorted(set(sample) | set(flagged_rows[:args.sample]))
        # A fresh interpreter each time, so that peak memory is pandas' own.
        for columns, runs in [("three", pandas_runs), ("all", pandas_all_runs)]:
            result = subprocess.run([sys.executable, "-c", PANDAS, args.schedule, windows, json.dumps(sample), columns],
                                    check=True, capture_output=True, text=True)
            pandas_result = json.loads(result.stdout)
            runs.append((pandas_result["elapsed"], pandas_result["cpu"], pandas_result["rss_kb"]))

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
    print(f"{'':36} {'wall':>8} {'cpu':>8} {'peak RSS':>10}")
    for label, runs in [("pandas rolling count (3 columns)", pandas_runs), ("pandas rolling count (all columns)", pandas_all_runs),
                        ("gaffe (same norms)", gaffe_runs), ("gaffe (built-in defaults)", default_runs)]:
        print(f"{label:36} {median(runs, 0):7.2f}s {median(runs, 1):7.2f}s {median(runs, 2) / 1024:8.0f} MB")
    print(f"gaffe / pandas wall time: {median(gaffe_runs, 0) / median(pandas_runs, 0):.2f}x (3 columns), "
          f"{median(gaffe_runs, 0) / median(pandas_all_runs, 0):.2f}x (all columns)")
    print(f"counts compared: {checked} (row, norm) pairs from {len(sample)} rows (random, and rows Gaffe flagged), "
          f"{flagged} over a norm; mismatches: {len(mismatches)}")
    for mismatch in mismatches[:20]:
        print("  row %d %s: pandas %d, gaffe %s" % mismatch)
    sys.exit(1 if mismatches else 0)


if __name__ == "__main__":
    main()
