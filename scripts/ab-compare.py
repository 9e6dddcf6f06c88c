#!/usr/bin/env python3
"""A/B comparison of gaffe binaries on a shared, noisy machine, as used in docs/PERFORMANCE.md.

usage: python3 scripts/ab-compare.py [--runs N] BINARY[,BINARY...] -- ARGS...

Runs each binary with ARGS in turn, N rounds (binaries alternate within a round, so a slow
minute of the machine falls on all of them), and prints for each the median and least wall
time, the median CPU time (user + system) and the largest peak resident memory, all read from
wait4(2). Standard output goes to `ab-output.txt` in the working directory (removed at the end) rather
than /dev/null, so a program that stops early on /dev/null cannot look fast.

Build the binaries first, e.g. `swift build -c release --product gaffe` and copy
`.build/release/gaffe` aside before and after a change:

    python3 scripts/ab-compare.py --runs 5 /tmp/gaffe-before,/tmp/gaffe-after -- \
        lint DIR/schedule.csv --format json
"""
import argparse
import os
import statistics
import subprocess
import time


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("binaries", help="comma-separated paths of the binaries to compare")
    parser.add_argument("args", nargs=argparse.REMAINDER, help="arguments after --")
    options = parser.parse_args()
    args = options.args[1:] if options.args[:1] == ["--"] else options.args
    binaries = options.binaries.split(",")
    results = {binary: [] for binary in binaries}
    for _ in range(options.runs):
        for binary in binaries:
            with open("ab-output.txt", "w") as out:
                started = time.perf_counter()
                process = subprocess.Popen([binary] + args, stdout=out, stderr=subprocess.DEVNULL)
                _, _, usage = os.wait4(process.pid, 0)
                wall = time.perf_counter() - started
            results[binary].append((wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024))
    os.remove("ab-output.txt")
    for binary in binaries:
        walls = [run[0] for run in results[binary]]
        cpus = [run[1] for run in results[binary]]
        peak = max(run[2] for run in results[binary])
        print(f"{binary}: median wall {statistics.median(walls):.3f} s, least {min(walls):.3f} s, "
              f"median CPU {statistics.median(cpus):.2f} s, peak RSS {peak:.0f} MB")


if __name__ == "__main__":
    main()
