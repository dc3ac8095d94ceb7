"""Check the interchange files at scale: generated cases of every scenario -> 837/835 and FHIR -> pyx12, balance,
FHIR models, and the FHIR round trip to the same determination.

Also measures pyx12 validation per file with cobsim's map cache against pyx12 as shipped (maps parsed for every
document), medians over the same sample in the same run.

Usage:
    python scripts/check_interchange.py [--count 1000] [--seed 14] [--round-trip 100] [--wrong-payer]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cobsim import solve  # noqa: E402
from cobsim.claims import simulate  # noqa: E402
from cobsim.fhir import bundle_json  # noqa: E402
from cobsim.fhir.importer import read_bundle  # noqa: E402
from cobsim.io import parse_case  # noqa: E402
from cobsim.render import determination_data  # noqa: E402
from cobsim.x12 import x12_files  # noqa: E402
from cobsim.x12.balance import balance_problems  # noqa: E402
from cobsim.x12.validate import validate_x12  # noqa: E402
from generators.produce import Options, generate  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--round-trip", type=int, default=100)
    parser.add_argument(
        "--wrong-payer", action="store_true", help="also send each multi-payer case to its last payer first"
    )
    args = parser.parse_args()

    counts: Counter[str] = Counter()
    scenarios: set[str] = set()
    sample: list[str] = []
    started = time.perf_counter()
    for i, data in enumerate(generate(["all"], args.count, args.seed, options=Options(payments="always"))):
        scenarios.add(data["meta"]["scenario"])
        variants = [data]
        order = data["expected"]["order"]
        if args.wrong_payer and len(order) > 1:
            wrong = json.loads(json.dumps(data))
            wrong["schema_version"] = "1.1"
            wrong["claim"]["billing"] = {"sent_first_to": order[-1]}
            variants.append(wrong)
        for variant in variants:
            case = parse_case(variant)
            det = solve(case)
            life = simulate(case, det)
            counts[f"life {life.status}"] += 1
            for name, text in x12_files(case, life, det).items():
                kind = name.split("-")[1]
                counts[f"x12 {kind}"] += 1
                if len(sample) < 30:
                    sample.append(text)
                if not validate_x12(text).ok:
                    counts["x12 invalid"] += 1
                if balance_problems(text):
                    counts["x12 unbalanced"] += 1
            text = bundle_json(case, det, life)  # raises if the models or cobsim's checks refuse it
            counts["fhir bundles constructed"] += 1
            if i < args.round_trip and variant is data:
                again = solve(read_bundle(text).case)
                same = determination_data(again) == determination_data(det)
                counts["fhir round trip same determination" if same else "fhir round trip DIFFERENT"] += 1
    elapsed = time.perf_counter() - started

    cached = []
    fresh = []
    for text in sample:
        t = time.perf_counter()
        validate_x12(text)
        cached.append(time.perf_counter() - t)
        t = time.perf_counter()
        validate_x12(text, cache_maps=False)
        fresh.append(time.perf_counter() - t)

    print(f"cases: {args.count} generated, {len(scenarios)} scenarios, seed {args.seed}; {elapsed:.1f} s in all")
    for key in ("x12 invalid", "x12 unbalanced", "fhir round trip DIFFERENT"):
        counts.setdefault(key, 0)
    for key in sorted(counts):
        print(f"  {key}: {counts[key]}")
    print(
        f"pyx12 per file, median of {len(sample)}: {statistics.median(cached) * 1000:.1f} ms with the map cache, "
        f"{statistics.median(fresh) * 1000:.1f} ms as shipped (baseline, same run)"
    )
    bad = counts["x12 invalid"] + counts["x12 unbalanced"] + counts["fhir round trip DIFFERENT"]
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
