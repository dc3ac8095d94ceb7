"""Produce generated cases: seeds, payment variants, the engine's expected answer, JSONL output.

Reproducibility: every case has its own seed, derived from the run's seed, the scenario and the case's index
with BLAKE2b (never Python's salted ``hash``), and everything about the case - variant, names, dates, amounts -
flows from a ``random.Random`` seeded with it. The case id carries that seed, so
``regenerate(scenario, variant, seed)`` rebuilds one case alone, byte for byte. ``--shard k/N`` gives the k-th of
N contiguous blocks of indices, so concatenating shards 1..N in order gives the same bytes as one run.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from cobsim import solve
from cobsim.errors import CobsimError, InvalidInput
from cobsim.io import parse_case
from cobsim.model.case import Claim, Coverage
from cobsim.trace import Determination
from generators.identity import Identity
from generators.scenarios import CATALOGUE, Scenario

CODES = ("99213", "99214", "G0439", "J1100", "97110", "36415", "E0114", "A4253")


class StoryMismatch(CobsimError):  # noqa: N818
    """The engine's answer differs from what the scenario's story says: a bug in one of them."""


def derive_seed(seed: int, scenario: str, index: int) -> int:
    """The seed of one case.

    Examples:
        >>> derive_seed(7, "married-parents-birthday", 0) == derive_seed(7, "married-parents-birthday", 0)
        True
    """
    digest = hashlib.blake2b(f"cobsim:{seed}:{scenario}:{index}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big")


def scenarios_named(names: Sequence[str]) -> list[Scenario]:
    """Scenarios by name; ``all`` means the whole catalogue in name order."""
    if not names or "all" in names:
        return [CATALOGUE[n] for n in sorted(CATALOGUE)]
    unknown = [n for n in names if n not in CATALOGUE]
    if unknown:
        raise InvalidInput(f"unknown scenario(s) {unknown}; `cobsim scenarios` lists them")
    return [CATALOGUE[n] for n in names]


# -------------------------------------------------------------------------------------------- payments


def add_payments(rng: random.Random, case: dict[str, Any]) -> None:
    """Give the claim lines with allowed amounts, and every coverage of the patient its benefits."""
    patient = case["claim"]["patient"]
    mine = [c for c in case["coverages"] if c["member"] == patient]
    lines = []
    for i in range(rng.choice((1, 1, 2, 3))):
        billed = rng.randrange(80, 4000)
        allowed: dict[str, str] = {}
        for c in mine:
            kind = c["kind"]
            if kind in ("medigap", "tricare_supplement", "crime_victim", "ihs", "va", "liability"):
                continue
            factor = {"medicare": 0.45, "medicare_advantage": 0.5, "medicaid": 0.35, "chip": 0.35}.get(kind, 0.0)
            if not factor:
                factor = rng.choice((0.55, 0.6, 0.7, 0.8, 0.9))
            allowed[c["id"]] = f"{billed * factor:.2f}"
        lines.append({"id": str(i + 1), "code": rng.choice(CODES), "billed": f"{billed}.00", "allowed": allowed})
    case["claim"]["lines"] = lines
    for c in mine:
        kind = c["kind"]
        if kind in ("group", "individual", "student", "fehb", "medicare_advantage"):
            network = "in" if rng.random() < 0.8 else "out"
            deductible = rng.choice((0, 500, 1500, 3000))
            benefits: dict[str, Any] = {
                "network": network,
                "pricing": "negotiated" if network == "in" else "ucr",
                "deductible": f"{deductible}.00",
                "deductible_met": f"{rng.choice((0, deductible // 2, deductible))}.00",
                "coinsurance": rng.choice(("0.1", "0.2", "0.2", "0.3")),
                "copay": rng.choice(("0.00", "0.00", "20.00", "40.00")),
            }
            if rng.random() < 0.5:
                benefits["oop_max"] = rng.choice(("3000.00", "6000.00"))
            if kind != "medicare_advantage":
                method = rng.choice(("standard",) * 5 + ("non_duplication", "carve_out", "carve_out_remainder"))
                if method != "standard":
                    benefits["method"] = method
            c["benefits"] = {**benefits, **c.get("benefits", {})}  # what the story set (a network, say) wins
        elif kind == "medicare":
            c["benefits"] = {"deductible_met": rng.choice(("0.00", "100.00", "283.00"))}
        elif kind == "tricare" and c.get("active_duty"):
            # no cost sharing for a member on active duty (10 U.S.C. 1075a(a)(1))
            c["benefits"] = {"participating": rng.random() < 0.8}
        elif kind in ("tricare", "tricare_for_life", "champva"):
            c["benefits"] = {
                "deductible": "150.00",
                "coinsurance": rng.choice(("0.2", "0.25")),
                "participating": rng.random() < 0.8,
            }
        elif kind == "medigap":
            # the story's plan letter wins; otherwise one that anyone may hold (not C or F, 42 U.S.C. 1395ss(z))
            c["benefits"] = {
                "medigap_plan": rng.choice(("A", "B", "D", "G", "K", "L", "M", "N")),
                **c.get("benefits", {}),
            }


# ------------------------------------------------------------------------------------------- one case


@dataclass(frozen=True)
class Options:
    payments: str = "mixed"  #: always | never | mixed (half the cases)
    check_story: bool = True


def expected_of(det: Determination) -> dict[str, Any]:
    """The engine's answer as the case format's ``expected`` block."""
    exp: dict[str, Any] = {"order": list(det.order), "status": det.status.value, "rules": list(det.rules_used)}
    exp["not_taking_part"] = [e.coverage for e in det.excluded]
    exp["conditional"] = [p.coverage for p in det.positions if p.conditional]
    pay = det.payments
    if pay is not None and pay.complete:
        exp["payments"] = {k: f"{v:.2f}" for k, v in pay.paid.items()}
        exp["patient_owes"] = f"{pay.patient:.2f}"
        exp["write_off"] = f"{pay.write_off:.2f}"
    return exp


def build_case(scenario: Scenario, variant: str, seed: int, options: Options = Options()) -> dict[str, Any]:
    """Build, solve and check one case; returns the case data with ``expected`` and ``meta``."""
    if variant not in scenario.variants:
        raise InvalidInput(f"scenario {scenario.name} has no variant {variant!r}; it has {list(scenario.variants)}")
    rng = random.Random(seed)
    built = scenario.build(rng, Identity(rng), variant)
    data = built.case
    data["id"] = f"{scenario.name}-{seed:016x}"
    data["claim"]["id"] = f"{data['id']}-claim"
    if options.payments == "always" or (options.payments == "mixed" and rng.random() < 0.5):
        add_payments(rng, data)
    data = {"schema_version": format_version(data), **data}
    case = parse_case(data)
    det = solve(case)
    story = built.story
    if options.check_story:
        problems = []
        if list(det.order) != story.order:
            problems.append(f"order {list(det.order)} but the story says {story.order}")
        if det.status.value != story.status:
            problems.append(f"status {det.status.value} but the story says {story.status}")
        if story.excluded is not None and sorted(e.coverage for e in det.excluded) != sorted(story.excluded):
            problems.append(f"excluded {[e.coverage for e in det.excluded]} but the story says {story.excluded}")
        conditional = sorted(p.coverage for p in det.positions if p.conditional)
        if story.conditional is not None and conditional != sorted(story.conditional):
            problems.append(f"conditional payers {conditional} but the story says {story.conditional}")
        if problems:
            raise StoryMismatch(f"{data['id']} ({scenario.name}/{variant}): " + "; ".join(problems) + f". {story.why}")
    data["expected"] = expected_of(det)
    data["meta"] = {
        "family": scenario.rules[0] if scenario.rules else None,
        "source": scenario.source,
        "scenario": scenario.name,
        "variant": variant,
        "difficulty": scenario.difficulty,
        "seed": seed,
        "synthetic": True,
    }
    return data


def format_version(data: dict[str, Any]) -> str:
    """The case format a built case needs: "1.1" when it says something only format 1.1 can (claim billing facts,
    care abroad, payer identifiers), else "1.0"."""
    claim_fields = set(Claim.FORMAT_1_1_FIELDS) & set(data["claim"])
    cov_fields = {k for c in data.get("coverages", []) for k in c} & set(Coverage.FORMAT_1_1_FIELDS)
    return "1.1" if claim_fields or cov_fields else "1.0"


def regenerate(scenario: str, variant: str, seed: int, options: Options = Options()) -> dict[str, Any]:
    """Rebuild one generated case from its meta (scenario, variant, seed)."""
    return build_case(scenarios_named([scenario])[0], variant, seed, options)


def plan(
    scenarios: Sequence[Scenario], count: int, seed: int, *, mix: bool = True, shard: tuple[int, int] = (1, 1)
) -> Iterator[tuple[Scenario, str, int]]:
    """(scenario, variant, derived seed) for the cases of one run (or one shard of it), in order.

    Cases go round-robin over the scenarios; with ``mix`` each scenario cycles through its variants, so a run of
    a few times (scenarios x variants) cases reaches every variant; without it the variant is drawn at random.
    """
    k, n = shard
    if not (1 <= k <= n):
        raise InvalidInput(f"shard {k}/{n}: k must be between 1 and N")
    if count < 0:
        raise InvalidInput("the count cannot be negative")
    yield from plan_range(scenarios, range((k - 1) * count // n, k * count // n), seed, mix=mix)


def plan_range(
    scenarios: Sequence[Scenario], indices: range, seed: int, *, mix: bool = True
) -> Iterator[tuple[Scenario, str, int]]:
    """(scenario, variant, derived seed) for the cases with these indices."""
    m = len(scenarios)
    for i in indices:
        sc = scenarios[i % m]
        derived = derive_seed(seed, sc.name, i)
        if mix:
            variant = sc.variants[(i // m) % len(sc.variants)]
        else:
            variant = sc.variants[random.Random(derived).randrange(len(sc.variants))]
        yield sc, variant, derived


def generate(
    names: Sequence[str],
    count: int,
    seed: int,
    *,
    mix: bool = True,
    shard: tuple[int, int] = (1, 1),
    options: Options = Options(),
) -> Iterator[dict[str, Any]]:
    """Generated cases, one at a time (memory stays flat whatever the count)."""
    for sc, variant, derived in plan(scenarios_named(names), count, seed, mix=mix, shard=shard):
        yield build_case(sc, variant, derived, options)


def _lines_for(args: tuple[tuple[str, ...], int, int, int, bool, Options]) -> list[str]:
    names, start, stop, seed, mix, options = args
    scenarios = scenarios_named(names)
    return [
        dumps_line(build_case(sc, v, d, options))
        for sc, v, d in plan_range(scenarios, range(start, stop), seed, mix=mix)
    ]


def generate_lines(
    names: Sequence[str],
    count: int,
    seed: int,
    *,
    mix: bool = True,
    shard: tuple[int, int] = (1, 1),
    options: Options = Options(),
    jobs: int = 1,
    chunk: int = 500,
) -> Iterator[str]:
    """JSONL lines of a run, in order; with ``jobs`` > 1 chunks of cases are built in worker processes.

    The lines are the same bytes whatever ``jobs`` is: each chunk is a contiguous block of case indices, and
    every case depends only on its own derived seed.
    """
    k, n = shard
    scenarios_named(names)  # fail early on unknown names
    if count < 0:
        raise InvalidInput("the count cannot be negative")
    if not (1 <= k <= n):
        raise InvalidInput(f"shard {k}/{n}: k must be between 1 and N")
    first, last = (k - 1) * count // n, k * count // n
    tasks = [(tuple(names), a, min(a + chunk, last), seed, mix, options) for a in range(first, last, chunk)]
    if jobs <= 1 or len(tasks) <= 1:
        for task in tasks:
            yield from _lines_for(task)
        return
    import multiprocessing  # noqa: PLC0415  (only parallel runs need it)
    from concurrent.futures import ProcessPoolExecutor  # noqa: PLC0415

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context(method)) as pool:
        for lines in pool.map(_lines_for, tasks):
            yield from lines


def dumps_line(data: dict[str, Any]) -> str:
    """One JSONL line: compact, keys in the order built, deterministic."""
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False) + "\n"
