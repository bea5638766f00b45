"""Count the bad-input sweep's outcomes per module (OK / unclear / silent / crash).

The probe table is tests/sweep.py (the one tests/test_bad_input_sweep.py runs).

    python benchmarks/bad_input_sweep.py            # the table
    python benchmarks/bad_input_sweep.py -v         # and every probe that is not OK
    python benchmarks/bad_input_sweep.py ch02 probe # some modules only
"""

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import sweep  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", default=list(sweep.MODULES))
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("--good", action="store_true", help="run only the good calls (each must give a result)")
    args = parser.parse_args()
    if args.good:
        for m in args.modules:
            for name, call in sweep.good_calls(m):
                kind, what = sweep.outcome(sweep.Probe(m, name, "-", "good", call, True))
                if kind != "OK":
                    print(f"{m}.{name}: {kind}: {what[:200]}".replace("\n", " "), flush=True)
        return
    kinds = ("OK", "unclear", "silent", "crash")
    total = Counter()
    start = time.perf_counter()
    print(f"{'module':10} {'probes':>6} " + " ".join(f"{k:>7}" for k in kinds) + "  not swept (no good call)")
    for m in args.modules:
        probes, skipped = sweep.probes_of(m)
        counts, bad = Counter(), []
        for p in probes:
            kind, what = sweep.outcome(p)
            counts[kind] += 1
            if kind != "OK":
                bad.append((p.id, kind, what))
        total.update(counts)
        total["probes"] += len(probes)
        print(f"{m:10} {len(probes):6} " + " ".join(f"{counts[k]:7}" for k in kinds) + f"  {len(skipped)}",
              flush=True)
        if args.verbose:
            for pid, kind, what in bad:
                print(f"    {kind:7} {pid}: {what[:160]!s}".replace("\n", " "))
    print(f"{'total':10} {total['probes']:6} " + " ".join(f"{total[k]:7}" for k in kinds))
    print(f"({time.perf_counter() - start:.1f} s)")


if __name__ == "__main__":
    main()
