#!/usr/bin/env bash
# Times each --format on a schedule with many findings, with a release build, against the text
# format timed in the same run, and reports each format's peak memory (/usr/bin/time -f %M).
# Usage: scripts/bench-reporters.sh [ROWS] (default 200000).
# The schedule is the shared benchmark corpus (../shared/bench/gen_corpus.py) with merge fields
# and link placeholders written into its care replies and promotions, so that about one post in
# four has a finding.
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-200000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
swift build -c release --product gaffe >/dev/null
python3 ../shared/bench/gen_corpus.py "$rows" "$work/corpus" >/dev/null
sed 's/Please/Please {{first_name}}/; s/ today only/ today only [INSERT LINK]/' "$work/corpus/schedule.csv" >"$work/findings.csv"
python3 - "$work" <<'PY'
import statistics, subprocess, sys, time
work = sys.argv[1]
def run(fmt):
    times, peaks = [], []
    for _ in range(3):
        start = time.perf_counter()
        done = subprocess.run(["/usr/bin/time", "-f", "%M", ".build/release/gaffe", "lint", "--no-config", "--rules", "input,placeholder",
                               "--format", fmt, "--output", f"{work}/out.{fmt}", f"{work}/findings.csv"],
                              check=False, stderr=subprocess.PIPE, text=True)
        times.append(time.perf_counter() - start)
        peaks.append(int(done.stderr.strip().splitlines()[-1]))
    return statistics.median(times), max(peaks)
results = {fmt: run(fmt) for fmt in ["text", "json", "sarif", "github", "rdjson", "junit", "html"]}
summary = open(f"{work}/out.json").read().rsplit("\"summary\":", 1)[1].strip().rstrip("}")
print("findings:", summary)
for fmt, (seconds, peak) in results.items():
    print(f"{fmt:7} {seconds:6.2f} s  {seconds / results['text'][0]:.2f}x text  {peak / 1024:6.1f} MB peak")
PY
