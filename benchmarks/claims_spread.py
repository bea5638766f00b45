"""Every claim of every chapter over seeds × the rounding ensemble: its worst case against its threshold.

    python benchmarks/claims_spread.py                 # every chapter, seeds 0-4, roundings 0-3
    python benchmarks/claims_spread.py 01 05           # chapters 1 and 5 only
    python benchmarks/claims_spread.py --seeds 0-9 --roundings 0-1 --jobs 2

Each notebook is executed in a fresh kernel once per (seed, rounding): the
line ``SEED = 0`` of its first code cell becomes ``SEED = s``, and the kernel
gets ``RNNLIB_ROUNDING=k`` (every model's initial parameters times
1 + 1e-12 z, :mod:`rnnlib.claims`) and ``RNNLIB_CLAIMS_LOG``, where every
``claims.check`` call of the notebook writes the claims it saw.  A seed outside
the tested ones prints a failed claim instead of raising, so every run
finishes; a run that fails for another reason is reported as such.

Prints, per chapter, one row per claim: its direction and threshold, the range
of the measured values, the worst value and the margin (worst minus threshold
on the right side; negative means the claim failed somewhere; a yes/no claim
shows "yes" or "NO"), and how many runs it failed in.  Asserts nothing; the budget is margin > 0 everywhere.
"""

import argparse
import json
import os
import re
import sys
import tempfile
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED_LINE = re.compile(r"^SEED = 0\b", re.M)


def span(text):
    """'0-4' -> [0, 1, 2, 3, 4]; '0,2,5' -> [0, 2, 5]."""
    out = []
    for part in text.split(","):
        lo, _, hi = part.partition("-")
        out.extend(range(int(lo), int(hi or lo) + 1))
    return out


def run_one(path, seed, k):
    """Execute notebook ``path`` with SEED = seed and rounding member k; return (claims, error, seconds)."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    first = next(c for c in nb.cells if c.cell_type == "code")
    if not SEED_LINE.search(first.source):
        return [], f"no line 'SEED = 0' in the first code cell of {path.name}", 0.0
    first.source = SEED_LINE.sub(f"SEED = {seed}", first.source, count=1)
    with tempfile.NamedTemporaryFile("w+", suffix=".jsonl", delete=False) as log:
        log_path = log.name
    env = {"RNNLIB_ROUNDING": str(k), "RNNLIB_CLAIMS_LOG": log_path, "RNNLIB_STEPPER_FACE": "static",
           "MPLBACKEND": "Agg", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    saved = {name: os.environ.get(name) for name in env}
    os.environ.update(env)  # the kernel inherits this process's environment
    start = time.perf_counter()
    error = None
    try:
        NotebookClient(nb, timeout=600, kernel_name="python3",
                       resources={"metadata": {"path": str(path.parent)}}).execute()
    except Exception as exc:  # a benchmark reports every failed run and goes on to the next  # noqa: BLE001
        error = f"{type(exc).__name__}: {str(exc).strip().splitlines()[-1] if str(exc).strip() else ''}"
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    seconds = time.perf_counter() - start
    rows = [json.loads(line) for line in Path(log_path).read_text().splitlines() if line.strip()]
    Path(log_path).unlink()
    return rows, error, seconds


def margin(value, threshold, direction):
    return threshold - value if direction == "at most" else value - threshold


def report(name, runs):
    """Print one chapter's table; return (number of claims, number with margin <= 0)."""
    groups = defaultdict(list)    # claim index -> [(seed, k, row)]
    sentences = {}
    for (seed, k), (rows, _error, _) in sorted(runs.items()):
        for i, row in enumerate(rows):
            groups[i].append((seed, k, row))
            sentences.setdefault(i, row["sentence"])
    print(f"\n## {name}: {len(runs)} runs")
    for (seed, k), (_rows, error, seconds) in sorted(runs.items()):
        if error:
            print(f"  run SEED={seed} rounding={k} FAILED after {seconds:.0f} s: {error}")
    counts = {len(rows) for rows, _, _ in runs.values()}
    if len(counts) > 1:
        print(f"  note: runs checked different numbers of claims {sorted(counts)}; rows are matched by order")
    print(f"  {'claim':<70} {'needs':>10} {'range':>19} {'worst':>9} {'margin':>9} {'failed':>7}")
    bad = 0
    for i in sorted(groups):
        entries = groups[i]
        direction, threshold = entries[0][2]["direction"], entries[0][2]["threshold"]
        values = [row["value"] for _, _, row in entries]
        worst = max(values) if direction == "at most" else min(values)
        m = margin(worst, threshold, direction)
        failed = sum(margin(v, threshold, direction) < 0 for v in values)
        # A yes/no claim has no margin: it holds (value 1 = threshold 1) or not (value 0).
        bad += (m < 0) if direction == "exact" else (m <= 0)
        needs = {"at least": "≥", "at most": "≤", "exact": "="}[direction] + f" {threshold:.3g}"
        text = sentences[i] if len(sentences[i]) <= 70 else sentences[i][:67] + "..."
        shown = ("yes" if m >= 0 else "NO") if direction == "exact" else f"{m:.3g}"
        print(f"  {text:<70} {needs:>10} {min(values):>9.4g}-{max(values):<9.4g} {worst:>9.4g} {shown:>9} "
              f"{failed:>3}/{len(values)}")
    return len(groups), bad


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("chapters", nargs="*", help="chapter numbers (01 02 ...); default: all")
    parser.add_argument("--seeds", default="0-4")
    parser.add_argument("--roundings", default="0-3")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    notebooks = sorted((ROOT / "book").glob("[0-9][0-9]_*.ipynb"))
    if args.chapters:
        notebooks = [p for p in notebooks if p.name[:2] in {c.zfill(2) for c in args.chapters}]
    seeds, roundings = span(args.seeds), span(args.roundings)
    jobs = [(p, s, k) for p in notebooks for s in seeds for k in roundings]
    print(f"{len(notebooks)} notebooks × seeds {args.seeds} × roundings {args.roundings}: {len(jobs)} runs, "
          f"{args.jobs} at a time")
    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        results = list(pool.map(run_one, *zip(*jobs)))
    total_claims = total_bad = 0
    for path in notebooks:
        runs = {(s, k): r for (p, s, k), r in zip(jobs, results) if p == path}
        n, bad = report(path.stem, runs)
        total_claims += n
        total_bad += bad
    print(f"\n{total_claims} claims, {total_bad} with margin <= 0; {time.perf_counter() - start:.0f} s in all")
    return 0


if __name__ == "__main__":
    sys.exit(main())
