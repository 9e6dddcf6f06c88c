#!/usr/bin/env python3
"""Benchmark of the sensitive-term scan (issue 4), as recorded in docs/PERFORMANCE.md.

usage: python3 scripts/bench-lexicon.py [--posts N] [--big M] [--runs R] [--dir DIR] [--generator PATH]

Builds gaffe in release mode, generates the synthetic corpus with ../shared/bench/gen_corpus.py
(N posts, and M posts for the memory comparison), then times, in the same run:
  1. the term scan alone:   gaffe lexicon scan all.txt --count          (posts/s and MB/s; its lines
                            shared among the cores as gaffe lint shares drafts, and on one thread
                            with --threads 1)
  2. the reference:         LC_ALL=C grep -F -i -w -c -f terms.txt all.txt
                            (terms from `gaffe lexicon export --plain`; its output goes to a file,
                            never /dev/null, where grep stops at the first match)
  3. the full lint:         gaffe lint schedule.csv --format json --output lint.json
and the peak memory of the full lint on N and on M posts. Each command runs R times (the full lint
R // 2 times, at least once); the minimum
wall time is reported (the machine is shared), with its CPU time and peak resident memory; peak
memory is also given as the range over the runs, which varies with how far reading gets ahead.
Two floors of the full lint are timed beside it: reading the schedule into drafts with no rule
but `input` (`--rules input`), and copying the full lint's report with `cat`.
"""
import argparse
import os
import platform
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(command, stdout_path):
    """Runs a command once; returns (wall seconds, cpu seconds, peak RSS in MB)."""
    with open(stdout_path, "w") as out:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.DEVNULL, env=dict(os.environ, LC_ALL="C"))
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        sys.exit("command failed: %s" % " ".join(command))
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def timed(command, stdout_path, runs):
    """Every run's (wall, cpu, peak RSS)."""
    return [run(command, stdout_path) for _ in range(runs)]


def fastest(results):
    return min(results, key=lambda r: r[0])


def memory_range(results):
    low, high = min(r[2] for r in results), max(r[2] for r in results)
    return "%.0f MB" % low if round(low) == round(high) else "%.0f–%.0f MB" % (low, high)


def corpus(generator, posts, folder):
    path = os.path.join(folder, str(posts))
    if not os.path.exists(os.path.join(path, "all.txt")):
        subprocess.run([sys.executable, generator, str(posts), path], check=True)
    return path


def machine():
    model = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as info:
            model = next(line.split(":", 1)[1].strip() for line in info if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    grep = subprocess.run(["grep", "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    swift = subprocess.run(["swift", "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    return "%s, %d cores, %.0f GiB, %s %s; %s; %s" % (model, os.cpu_count(), memory, platform.system(), platform.release(), swift, grep)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, default=200_000)
    parser.add_argument("--big", type=int, default=1_000_000, help="posts for the memory comparison (0 to skip)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--dir", default=os.path.join(ROOT, ".bench", "lexicon"))
    parser.add_argument("--generator", default=os.path.join(ROOT, "..", "shared", "bench", "gen_corpus.py"))
    args = parser.parse_args()

    subprocess.run(["swift", "build", "-c", "release", "--product", "gaffe"], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    gaffe = os.path.join(ROOT, ".build", "release", "gaffe")
    os.makedirs(args.dir, exist_ok=True)
    folder = corpus(args.generator, args.posts, args.dir)
    all_txt = os.path.join(folder, "all.txt")
    schedule = os.path.join(folder, "schedule.csv")
    terms = os.path.join(args.dir, "terms.txt")
    with open(terms, "w") as out:
        subprocess.run([gaffe, "lexicon", "export", "--plain"], stdout=out, check=True)
    size = os.path.getsize(all_txt)
    with open(terms) as handle:
        term_count = sum(1 for _ in handle)

    scratch = os.path.join(args.dir, "out")
    os.makedirs(scratch, exist_ok=True)
    scan = [gaffe, "lexicon", "scan", all_txt, "--count"]
    scan_one = scan + ["--threads", "1"]
    grep = ["grep", "-F", "-i", "-w", "-c", "-f", terms, all_txt]
    report = os.path.join(scratch, "lint.json")
    lint = [gaffe, "lint", schedule, "--format", "json", "--no-config", "--output", report]
    read_only = [gaffe, "lint", schedule, "--rules", "input", "--format", "json", "--no-config"]
    copy = ["cat", report]
    startup_file = os.path.join(scratch, "one.txt")
    with open(startup_file, "w") as out:
        out.write("A killer deal on our new blend, today only.\n")
    startup = [gaffe, "lint", startup_file, "--no-config"]
    baseline = [gaffe, "--version"]

    runs = {}
    for name, command in [("scan", scan), ("scan1", scan_one), ("grep", grep), ("lint", lint), ("read", read_only), ("copy", copy),
                          ("startup", startup), ("baseline", baseline)]:
        runs[name] = timed(command, os.path.join(scratch, name + ".out"), args.runs if name != "lint" else max(1, args.runs // 2))
    results = {name: fastest(each) for name, each in runs.items()}
    with open(os.path.join(scratch, "scan.out")) as a, open(os.path.join(scratch, "grep.out")) as b:
        scan_count, grep_count = a.read().strip(), b.read().strip()
    stats = subprocess.run(scan + ["--stats"], capture_output=True, text=True).stderr.strip()

    print("Machine: %s" % machine())
    print("Corpus: %d posts, %.1f MB (all.txt); %d plain phrases in terms.txt" % (args.posts, size / 1e6, term_count))
    print()
    print("| command | wall (min of %d) | CPU | peak RSS | posts/s | MB/s | ratio to grep |" % args.runs)
    print("|---|---|---|---|---|---|---|")
    grep_wall = results["grep"][0]
    for name, label in [("scan", "`gaffe lexicon scan all.txt --count` (lines shared among the cores)"),
                        ("scan1", "`gaffe lexicon scan all.txt --count --threads 1`"),
                        ("grep", "`LC_ALL=C grep -F -i -w -c -f terms.txt all.txt`"),
                        ("lint", "`gaffe lint schedule.csv --format json --output lint.json`"),
                        ("read", "floor: `gaffe lint schedule.csv --rules input --format json` (reading only)"),
                        ("copy", "floor: `cat lint.json` (copying the full lint's %.0f MB report)" % (os.path.getsize(report) / 1e6))]:
        wall, cpu, rss = results[name]
        # Copying the report reads no post: posts/s and MB/s of all.txt would mean nothing.
        rates = "| | |" if name == "copy" else "| %.0f | %.1f |" % (args.posts / wall, size / 1e6 / wall)
        print("| %s | %.3f s | %.3f s | %.0f MB %s %.2f |" % (label, wall, cpu, rss, rates, wall / grep_wall))
    print()
    print("Lines with a match: gaffe %s, grep %s" % (scan_count, grep_count))
    print("Scan phase as measured inside gaffe (no start-up): %s" % stats)
    print("Start-up, one-file `gaffe lint one.txt`: %.1f ms wall, %.1f ms CPU (`gaffe --version`: %.1f ms)" % (
        results["startup"][0] * 1e3, results["startup"][1] * 1e3, results["baseline"][0] * 1e3))
    if args.big:
        big = corpus(args.generator, args.big, args.dir)
        command = [gaffe, "lint", os.path.join(big, "schedule.csv"), "--format", "json", "--no-config",
                   "--output", os.path.join(scratch, "lint-big.json")]
        big_runs = timed(command, os.path.join(scratch, "lint-big.out"), max(1, args.runs // 2))
        print("Full lint peak memory over its runs: %s at %d posts, %s at %d posts (%.2f s wall at %d)" % (
            memory_range(runs["lint"]), args.posts, memory_range(big_runs), args.big, fastest(big_runs)[0], args.big))


if __name__ == "__main__":
    main()
