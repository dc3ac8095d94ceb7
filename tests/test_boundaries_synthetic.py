"""Every generated payer, carrier and employer name carries the synthetic marker.

The suite checks 2,000 generated cases (every scenario and variant) and 100,000 names drawn from the identity
provider; ``scripts/check_synthetic.py --count 100000 --jobs 2`` checks 100,000 whole generated cases by hand.
"""

from __future__ import annotations

import json
import random
from typing import Any

from generators.identity import SYNTHETIC_MARK, CobsimProvider, Identity, mark_synthetic
from generators.produce import generate_lines
from generators.scenarios import CATALOGUE


def unmarked_names(case: dict[str, Any]) -> list[str]:
    """Payer, carrier, employer and plan-sponsor names in a generated case that lack the synthetic marker."""
    names = [c.get("payer") for c in case.get("coverages", [])]
    names += [h.get("carrier") for c in case.get("coverages", []) for h in c.get("history", [])]
    names += [e.get("name") for e in case.get("employers", []) + case.get("multi_employer_plans", [])]
    return [n for n in names if n and SYNTHETIC_MARK not in n]


def test_every_name_in_2000_generated_cases_is_marked() -> None:
    seen = 0
    for line in generate_lines(sorted(CATALOGUE), 2_000, seed=11):
        case = json.loads(line)
        assert not unmarked_names(case), (case["id"], unmarked_names(case))
        seen += sum(1 for c in case.get("coverages", []) if c.get("payer"))
    assert seen > 2_000


def test_100000_drawn_payer_and_employer_names_are_marked() -> None:
    ident = Identity(random.Random(5))
    for _ in range(50_000):
        assert ident.payer().endswith(SYNTHETIC_MARK)
        assert ident.employer_name().endswith(SYNTHETIC_MARK)


def test_the_marker_is_added_once_and_the_faker_provider_marks_too() -> None:
    assert mark_synthetic("TRICARE Select") == "TRICARE Select (synthetic)"
    assert mark_synthetic(mark_synthetic("X")) == "X (synthetic)"
    from faker import Faker

    fake = Faker("en_US")
    fake.add_provider(CobsimProvider)
    fake.seed_instance(3)
    assert fake.synthetic_payer().endswith(SYNTHETIC_MARK)
    assert fake.fake_mbi().startswith("FAKE")
