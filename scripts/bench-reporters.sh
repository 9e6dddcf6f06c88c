#!/usr/bin/env bash
# Times each --format on a schedule with many findings, with a release build, against the text
# format timed in the same run. Usage: scripts/bench-reporters.sh [ROWS] (default 200000).
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
    times = []
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run([".build/release/gaffe", "lint", "--no-config", "--rules", "input,placeholder", "--format", fmt,
                        "--output", f"{work}/out.{fmt}", f"{work}/findings.csv"], check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)
results = {fmt: run(fmt) for fmt in ["text", "json", "sarif", "github"]}
summary = open(f"{work}/out.json").read().rsplit("\"summary\":", 1)[1].strip().rstrip("}")
print("findings:", summary)
for fmt, seconds in results.items():
    print(f"{fmt:7} {seconds:6.2f} s  {seconds / results['text']:.2f}x text")
PY
