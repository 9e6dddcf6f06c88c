#!/usr/bin/env python3
"""Benchmark of the batch rules near-duplicate and canned-overuse against the datasketch library.

For each corpus size it generates the shared benchmark corpus (../shared/bench/gen_corpus.py N),
times `gaffe lint --rules near-duplicate,canned-overuse` on its schedule.csv (wall, CPU and peak
memory, as /usr/bin/time reports them), then builds datasketch MinHash signatures and a
MinHashLSH index over the same texts with the same shingles (5-byte grams of the text as the
near-duplicate rule normalizes it), the same threshold (0.8), the same number of permutations
(128) and the same banding (datasketch's optimiser with false negatives weighted 0.9, which
gives the 14 bands of 9 rows Gaffe uses), and times that. It then picks, for every draft, the
pair the rule reports (the most recent earlier draft on the same channel within 7 days whose
estimated similarity reaches the threshold, from the same account if there is one, else from
another) from the datasketch candidates, and compares the pairs with Gaffe's findings.

Requirements: a Swift toolchain, Python 3.9+, and datasketch from PyPI (not installed by CI):

    python3 -m venv /tmp/dsenv && /tmp/dsenv/bin/pip install datasketch
    /tmp/dsenv/bin/python scripts/bench-duplicates.py 200000 1000000

Options: --workdir DIR (default /tmp/gaffe-bench-duplicates), --no-build, --runs K (Gaffe runs
per size; the fastest is kept).

The datasketch time covers what datasketch does (MinHash of every text, LSH insert and query),
not reading the CSV or choosing pairs; the Gaffe time covers the whole lint, from reading the CSV
to writing the JSON report.
"""
import csv, datetime as dt, json, os, re, subprocess, sys, time

ARGS = sys.argv[1:]
def option(name, default):
    if name in ARGS:
        index = ARGS.index(name)
        value = ARGS[index + 1]
        del ARGS[index:index + 2]
        return value
    return default

WORKDIR = option("--workdir", "/tmp/gaffe-bench-duplicates")
RUNS = int(option("--runs", "1"))
BUILD = "--no-build" not in ARGS
if not BUILD:
    ARGS.remove("--no-build")
SIZES = [int(a) for a in ARGS] or [200000]

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GAFFE = os.path.join(ROOT, ".build", "release", "gaffe")
GEN = os.path.join(ROOT, "..", "shared", "bench", "gen_corpus.py")
THRESHOLD, PERMUTATIONS, WEIGHTS, SHINGLE, WINDOW, MIN_WORDS = 0.8, 128, (0.1, 0.9), 5, 7 * 86400, 3

try:
    from datasketch import LeanMinHash, MinHash, MinHashLSH
    import numpy as np
except ImportError:
    sys.exit("datasketch is not installed: python3 -m venv /tmp/dsenv && /tmp/dsenv/bin/pip install datasketch")


# --- The near-duplicate rule's normalization, for the ASCII text of the benchmark corpus -----
# (Gaffe's TextNormalizer: words of letters and digits, lower-cased; apostrophes inside words;
# hashtags split at case changes, digits and underscores; @mentions and $Cashtags skipped; every
# run of digits in a word written 0; words joined by one space.)

def is_word(c):
    return c.isascii() and c.isalnum()

def normalize(text):
    text = re.sub(r"(?i)\bhttps?://\S+|\bwww\.\S+", " ", text)
    words, current = [], []
    previous_word = False
    in_tag = False
    tag_previous = None  # 'l', 'u' or 'd'
    def flush():
        if current:
            words.append(re.sub(r"[0-9]+", "0", "".join(current)))
            current.clear()
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        nxt = text[i + 1] if i + 1 < n else ""
        if is_word(c):
            if in_tag:
                kind = "d" if c.isdigit() else ("u" if c.isupper() else "l")
                if tag_previous is not None and (
                        (tag_previous == "l" and kind == "u")
                        or (tag_previous == "u" and kind == "u" and nxt.isascii() and nxt.islower())
                        or ((tag_previous == "d") != (kind == "d"))):
                    flush()
                tag_previous = kind
            current.append(c.lower())
            previous_word = True
        elif c == "'" and previous_word and nxt.isascii() and nxt.isalpha():
            current.append("'")
            in_tag = False
        elif c == "#" and not previous_word and is_word(nxt):
            flush(); previous_word = False; in_tag = True; tag_previous = None
        elif c in "@$" and not previous_word and (is_word(nxt) if c == "@" else (nxt.isascii() and nxt.isupper())):
            flush(); previous_word = False; in_tag = False
            i += 1
            while i < n and (is_word(text[i]) or text[i] == "_" or not text[i].isascii()):
                i += 1
            continue
        elif c == "*" and previous_word and not in_tag:
            # Asterisks inside a word censor it (f*ck): part of the word.
            j = i
            while j < n and text[j] == "*":
                j += 1
            if j < n and is_word(text[j]):
                current.append(text[i:j]); i = j
                continue
            flush(); previous_word = False; in_tag = False
        elif c == "_" and in_tag:
            flush(); previous_word = False
        else:
            flush(); previous_word = False; in_tag = False
        i += 1
    flush()
    return " ".join(words)

def shingles(normalized):
    data = normalized.encode()
    if len(data) < SHINGLE:
        return [data]
    return [data[i:i + SHINGLE] for i in range(len(data) - SHINGLE + 1)]


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)

def time_gaffe(schedule, output):
    best = None
    for _ in range(RUNS):
        started = time.time()
        result = subprocess.run(["/usr/bin/time", "-f", "%e %U %S %M", GAFFE, "lint", "--no-config", "--fail-on", "never",
                                 "--format", "json", "--rules", "near-duplicate,canned-overuse", "--output", output, schedule],
                                capture_output=True, text=True)
        wall = time.time() - started
        if result.returncode != 0:
            sys.exit(result.stderr)
        elapsed, user, system, rss = result.stderr.strip().splitlines()[-1].split()
        measured = dict(wall=float(elapsed), cpu=float(user) + float(system), rss_mb=int(rss) / 1024)
        if best is None or measured["wall"] < best["wall"]:
            best = measured
    return best

def gaffe_pairs(report):
    findings = json.load(open(report))["findings"]
    pairs, overuse = {}, 0
    for f in findings:
        if f["rule"] == "near-duplicate":
            # Rows are lines minus the header; the corpus has no line breaks inside texts.
            pairs[f["line"] - 1] = (f["related"][0]["line"] - 1, f["severity"])
        elif f["rule"] == "canned-overuse":
            overuse += 1
    return pairs, overuse, len(findings)

def read_drafts(schedule):
    """The drafts the rule compares, in publish order: (row, time, account, channels, normalized)."""
    drafts = []
    with open(schedule, newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=1):
            text = row["text"]
            if text.lstrip(" \t\r\n").startswith("@"):
                continue  # replies are canned-overuse's
            normalized = normalize(text)
            if not normalized or len(normalized.split(" ")) < MIN_WORDS:
                continue
            when = dt.datetime.fromisoformat(row["publish_at"]).timestamp()
            channels = [c for c in row["channel"].split(";") if c] or [""]
            drafts.append((number, when, row["account"], channels, normalized))
    drafts.sort(key=lambda d: (d[1], d[0]))
    return drafts


# --- Gaffe's shingle hash and permutation constants, for the run with identical hashing -------
MASK = (1 << 64) - 1

def mix(value):
    z = (value + 0x9E3779B97F4A7C15) & MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)

def gaffe_shingle_hash(shingle):
    return mix(int.from_bytes(shingle, "big") ^ (len(shingle) << 60)) >> 32

def gaffe_permutations():
    state, a, b = 0x67616666652D6D68, [], []
    for _ in range(PERMUTATIONS):
        state = mix(state)
        a.append((state >> 32) | 1)
        state = mix(state)
        b.append(state >> 32)
    return np.array([a, b], dtype=np.uint32)


def datasketch_pairs(drafts, seed=1, gaffe_hashing=False):
    """Runs datasketch over the drafts; returns the pairs and the seconds datasketch took.

    Timed: a MinHash per text (sharing one set of permutations, as datasketch allows), then per
    channel a MinHashLSH index, queried for each draft before it is inserted so the candidates
    are the earlier drafts. Not timed: shingling, and choosing each draft's pair from the
    candidates (the most recent earlier draft within the window whose estimated similarity
    reaches the threshold, from the same account first).
    """
    options = dict(num_perm=PERMUTATIONS, seed=seed)
    if gaffe_hashing:
        options.update(hashfunc=gaffe_shingle_hash, permutations=gaffe_permutations(), scheme="affine32")
    else:
        template = MinHash(**options)
        options.update(permutations=template.permutations, scheme=template.scheme)
    values = np.zeros((len(drafts), PERMUTATIONS), dtype=np.uint32)
    lean = []
    shingling = 0.0
    started = time.perf_counter()
    for d in drafts:
        cut = time.perf_counter()
        grams = shingles(d[4])
        shingling += time.perf_counter() - cut
        m = MinHash(**options)
        m.update_batch(grams)
        lean.append(LeanMinHash(m))
    signature_seconds = time.perf_counter() - started - shingling
    for position, m in enumerate(lean):
        values[position] = m.hashvalues
    selecting = 0.0
    indexes, pairs = {}, {}
    started = time.perf_counter()
    for position, d in enumerate(drafts):
        found = set()
        for channel in d[3]:
            lsh = indexes.get(channel)
            if lsh is None:
                lsh = indexes[channel] = MinHashLSH(threshold=THRESHOLD, num_perm=PERMUTATIONS, weights=WEIGHTS)
            found.update(lsh.query(lean[position]))
            lsh.insert(position, lean[position])
        chosen = time.perf_counter()
        if found:
            keep = []
            for c in sorted(found, reverse=True):
                if d[1] - drafts[c][1] > WINDOW:
                    break
                keep.append(c)
            if keep:
                similarity = (values[keep] == values[position]).sum(axis=1) / PERMUTATIONS
                same = [c for c, x in zip(keep, similarity) if x >= THRESHOLD and drafts[c][2] == d[2]]
                other = [c for c, x in zip(keep, similarity) if x >= THRESHOLD and drafts[c][2] != d[2]]
                if same:
                    pairs[d[0]] = (drafts[same[0]][0], "warning")
                elif other:
                    pairs[d[0]] = (drafts[other[0]][0], "info")
        selecting += time.perf_counter() - chosen
    seconds = signature_seconds + time.perf_counter() - started - selecting
    return pairs, seconds, signature_seconds, (lsh.b, lsh.r)

def exact_jaccard(a, b):
    a, b = set(shingles(a)), set(shingles(b))
    return len(a & b) / len(a | b)

def compare(label, ours, theirs, by_row):
    """Prints how two sets of pairs ({later row: (earlier row, severity)}) agree."""
    both_pairs = {k for k in ours if k in theirs and ours[k][0] == theirs[k][0]}
    flagged_both = set(ours) & set(theirs)
    only_ours = [k for k in ours if k not in theirs]
    only_theirs = [k for k in theirs if k not in ours]
    union_pairs = len(set(ours.items()) | set(theirs.items()))
    union_drafts = len(set(ours) | set(theirs))
    print("  %s: pairs %d both, %d only first, %d only second, %d drafts paired with different earlier drafts: "
          "agreement %.2f%% of %d pairs; drafts flagged %.2f%% of %d"
          % (label, len(both_pairs), len(only_ours), len(only_theirs), len(flagged_both - both_pairs),
             100 * len(both_pairs) / max(1, union_pairs), union_pairs, 100 * len(flagged_both) / max(1, union_drafts), union_drafts))
    for name, keys, source in [("only first", only_ours, ours), ("only second", only_theirs, theirs)]:
        values = sorted(exact_jaccard(by_row[k][4], by_row[source[k][0]][4]) for k in keys if k in by_row and source[k][0] in by_row)
        if values:
            print("    %s: exact Jaccard of the pair min %.3f, median %.3f, max %.3f" % (name, values[0], values[len(values) // 2], values[-1]))


def main():
    if BUILD:
        run(["swift", "build", "-c", "release", "--product", "gaffe"], cwd=ROOT)
    os.makedirs(WORKDIR, exist_ok=True)
    for size in SIZES:
        corpus = os.path.join(WORKDIR, "c%d" % size)
        schedule = os.path.join(corpus, "schedule.csv")
        if not os.path.exists(schedule):
            run([sys.executable, GEN, str(size), corpus])
        report = os.path.join(corpus, "gaffe.json")
        measured = time_gaffe(schedule, report)
        ours, overuse, total = gaffe_pairs(report)
        drafts = read_drafts(schedule)
        by_row = {d[0]: d for d in drafts}
        default, seconds, signature_seconds, bands = datasketch_pairs(drafts)
        same_hashing, same_seconds, _, _ = datasketch_pairs(drafts, gaffe_hashing=True)
        reseeded, _, _, _ = datasketch_pairs(drafts, seed=2)
        print("== %d posts (%d compared: not replies, at least %d words) ==" % (size, len(drafts), MIN_WORDS))
        print("gaffe lint --rules near-duplicate,canned-overuse: %.2f s wall, %.2f s CPU, %.0f MB peak; %d findings (%d near-duplicate, %d canned-overuse)"
              % (measured["wall"], measured["cpu"], measured["rss_mb"], total, len(ours), overuse))
        print("datasketch MinHash + MinHashLSH, bands %s: %.2f s (MinHash %.2f s); with Gaffe's hashing %.2f s"
              % (bands, seconds, signature_seconds, same_seconds))
        print("time ratio datasketch / gaffe: %.1fx (wall), %.1fx (gaffe CPU)" % (seconds / measured["wall"], seconds / measured["cpu"]))
        compare("gaffe vs datasketch with Gaffe's shingle hash and permutations", ours, same_hashing, by_row)
        compare("gaffe vs datasketch (its own hashing, seed 1)", ours, default, by_row)
        compare("datasketch seed 1 vs datasketch seed 2 (calibration)", default, reseeded, by_row)
        sys.stdout.flush()

if __name__ == "__main__":
    main()
