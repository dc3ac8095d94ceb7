"""Check that every payer, carrier and employer name in N generated cases carries the synthetic marker.

.venv/bin/python scripts/check_synthetic.py --count 100000 --jobs 2
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generators.produce import generate_lines
from generators.scenarios import CATALOGUE
from tests.test_boundaries_synthetic import unmarked_names


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    start = time.perf_counter()
    names = Counter[str]()
    bad: list[tuple[str, list[str]]] = []
    cases = 0
    for line in generate_lines(sorted(CATALOGUE), args.count, args.seed, jobs=args.jobs):
        case = json.loads(line)
        cases += 1
        for c in case.get("coverages", []):
            if c.get("payer"):
                names["payer"] += 1
        names["employer"] += len(case.get("employers", []))
        missing = unmarked_names(case)
        if missing:
            bad.append((case["id"], missing))
    seconds = time.perf_counter() - start
    print(f"{cases:,} cases, {names['payer']:,} payer names, {names['employer']:,} employer names in {seconds:.0f} s")
    print(f"names without the synthetic marker: {sum(len(m) for _, m in bad)} in {len(bad)} cases")
    for case_id, missing in bad[:10]:
        print(f"  {case_id}: {missing}")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
