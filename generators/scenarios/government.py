"""Stories with government programs: Medicaid, TRICARE, the VA, the Indian Health Service, FEHB."""

from __future__ import annotations

import random

from generators.family import Built, Family, Story
from generators.identity import Identity
from generators.scenarios.base import scenario
from generators.scenarios.common import adult_start, started


@scenario(
    "medicaid-last",
    title="Medicaid pays last",
    difficulty=1,
    rules=("medicaid.last",),
    variants=("employer-plan", "individual-plan"),
    source="42 U.S.C. 1396a(a)(25); seed 004 ('the commercial policy will always be the primary')",
)
def medicaid_last(rng: random.Random, ident: Identity, variant: str) -> Built:
    """A low-income worker has Medicaid and also a commercial policy (through a job or bought individually).
    Medicaid is the payer of last resort: the commercial policy pays first."""
    fam = Family.start(rng, ident)
    person = fam.person("member", rng.choice("FM"), fam.born(19, 60))
    if variant == "employer-plan":
        fam.employer("employer", rng.choice((8, 60, 400)))
        commercial = fam.coverage("member-group", "group", person, person, "self", adult_start(fam, person, 0.2, 5), employer="employer")
    else:
        commercial = fam.coverage("member-individual", "individual", person, person, "self", adult_start(fam, person, 0.2, 5))
    medicaid = fam.coverage("member-medicaid", "medicaid", person, person, "self", started(fam, 0.1, 4), payer="State Medicaid (synthetic)")
    case = fam.build("x", person, "Medicaid and a commercial policy: who pays first?")
    return Built(case, Story([commercial, medicaid], why="Medicaid is the payer of last resort"))
