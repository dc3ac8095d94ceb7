"""Documented misconceptions (domain reference §7 of both rule files), as quiz distractors.

Each misconception states the wrong belief, the correction, and - where it can - how a trainee holding it would
order the payers of a given case. Wrong options in "put the payers in order" questions come from these
transformations; the feedback then names the belief behind the wrong choice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from cobsim.model.case import Case, Coverage
from cobsim.model.codes import (
    COMMERCIAL_KINDS,
    INJURY_KINDS,
    MEDICARE_KINDS,
    TRICARE_KINDS,
    CoverageBasis,
    CoverageKind,
    MemberRelationship,
    RelationshipKind,
    Sex,
)

Order = tuple[str, ...]
Transform = Callable[[Case, Order], Order | None]


@dataclass(frozen=True)
class Misconception:
    id: str
    belief: str  #: the wrong belief, as a trainee would say it
    correction: str  #: the rule, in one sentence
    rules: tuple[str, ...]  #: rule ids it misreads
    reorder: Transform | None = None  #: how a trainee holding it would order the payers


def _covs(case: Case, order: Order) -> list[Coverage]:
    return [case.coverage(c) for c in order]


def _to_front(order: Order, chosen: list[str]) -> Order | None:
    if not chosen:
        return None
    new = tuple(chosen) + tuple(c for c in order if c not in chosen)
    return new if new != order else None


def _to_back(order: Order, chosen: list[str]) -> Order | None:
    if not chosen:
        return None
    new = tuple(c for c in order if c not in chosen) + tuple(chosen)
    return new if new != order else None


def _child_plans(case: Case, order: Order) -> list[Coverage]:
    return [c for c in _covs(case, order) if c.relationship is MemberRelationship.CHILD]


def _older_parent_first(case: Case, order: Order) -> Order | None:
    kids = _child_plans(case, order)
    if len(kids) < 2:
        return None
    oldest = min(kids, key=lambda c: case.person(c.subscriber).birth_date)
    return _to_front(order, [oldest.id])


def _father_first(case: Case, order: Order) -> Order | None:
    fathers = [
        c.id
        for c in _child_plans(case, order)
        if case.person(c.subscriber).sex is Sex.M
        and case.parental_kind(c.subscriber, c.member) is RelationshipKind.PARENT
    ]
    return _to_front(order, fathers[:1])


def _stepparent_last(case: Case, order: Order) -> Order | None:
    steps = [
        c.id
        for c in _child_plans(case, order)
        if case.parental_kind(c.subscriber, c.member) is RelationshipKind.STEPPARENT
    ]
    return _to_back(order, steps)


def _custodial_first(case: Case, order: Order) -> Order | None:
    arr = case.arrangement(case.claim.patient)
    if arr is None or arr.custodial_parent is None:
        return None
    return _to_front(order, [c.id for c in _child_plans(case, order) if c.subscriber == arr.custodial_parent])


def _kind_front(kinds: frozenset[CoverageKind]) -> Transform:
    def move(case: Case, order: Order) -> Order | None:
        return _to_front(order, [c.id for c in _covs(case, order) if c.kind in kinds])

    return move


def _kind_back(kinds: frozenset[CoverageKind]) -> Transform:
    def move(case: Case, order: Order) -> Order | None:
        return _to_back(order, [c.id for c in _covs(case, order) if c.kind in kinds])

    return move


def _basis_back(bases: tuple[CoverageBasis, ...]) -> Transform:
    def move(case: Case, order: Order) -> Order | None:
        return _to_back(order, [c.id for c in _covs(case, order) if c.effective_basis in bases])

    return move


def _oldest_policy_first(case: Case, order: Order) -> Order | None:
    covs = sorted(_covs(case, order), key=lambda c: (c.start, c.id))
    new = tuple(c.id for c in covs)
    return new if new != order else None


def _own_plan_last(case: Case, order: Order) -> Order | None:
    return _to_back(
        order,
        [c.id for c in _covs(case, order) if c.relationship is MemberRelationship.SELF and c.kind in COMMERCIAL_KINDS],
    )


def _health_plan_before_injury(case: Case, order: Order) -> Order | None:
    return _to_back(order, [c.id for c in _covs(case, order) if c.kind in INJURY_KINDS])


MISCONCEPTIONS: tuple[Misconception, ...] = (
    Misconception(
        "older-parent",
        "The older parent's plan pays first.",
        "The birthday rule looks at the month and day only: the parent whose birthday comes first in the calendar year; the year never counts.",
        ("naic.birthday",),
        _older_parent_first,
    ),
    Misconception(
        "father-first",
        "The father's plan always pays first.",
        "That is the old gender rule. Today the birthday rule applies; the gender rule decides only where a plan still uses it and the old rules apply.",
        ("naic.birthday", "naic.gender_rule"),
        _father_first,
    ),
    Misconception(
        "custodial-always",
        "The custodial parent's plan is always primary.",
        "A court decree making a parent responsible for health care controls, whoever has custody, once that parent's plan knows of it; joint custody or both parents responsible means the birthday rule.",
        ("naic.court_decree", "naic.birthday"),
        _custodial_first,
    ),
    Misconception(
        "stepparent-last",
        "A stepparent's plan pays last.",
        "The custodial parent's spouse comes before the parent without custody.",
        ("naic.custodial_parent",),
        _stepparent_last,
    ),
    Misconception(
        "own-plan-secondary",
        "A child's (or spouse's) own job plan is secondary to the family plan they are also on.",
        "The plan that covers the person as the employee or subscriber pays before the plan that covers them as a dependent.",
        ("naic.nondependent_first",),
        _own_plan_last,
    ),
    Misconception(
        "cobra-always-secondary",
        "COBRA is always secondary.",
        "COBRA pays after other coverage only when the non-dependent rule does not decide: COBRA held as the former employee beats coverage as a dependent.",
        ("naic.continuation_last", "naic.nondependent_first"),
        _basis_back((CoverageBasis.COBRA, CoverageBasis.STATE_CONTINUATION)),
    ),
    Misconception(
        "retiree-always-secondary",
        "Retiree coverage is always secondary.",
        "The active/retired rule does not override the non-dependent rule: a retiree's own plan beats dependent coverage on a spouse's plan (unless the Medicare reversal applies).",
        ("naic.active_before_inactive", "naic.nondependent_first"),
        _basis_back((CoverageBasis.RETIRED, CoverageBasis.LAID_OFF)),
    ),
    Misconception(
        "oldest-policy-wins",
        "The policy that has been in effect longest always pays first.",
        "Length of coverage decides only after the dependent, active/retired and COBRA rules; it is measured from the person's first date under the plan.",
        ("naic.longer_coverage", "naic.active_before_inactive"),
        _oldest_policy_first,
    ),
    Misconception(
        "excess-plan-secondary",
        "A plan that says it is 'always secondary' gets to be secondary.",
        "Under the NAIC rules a plan without consistent COB provisions is primary; the complying plan pays first only what it would pay as secondary.",
        ("naic.noncomplying_plan_primary",),
    ),
    Misconception(
        "medicaid-first",
        "Medicaid can pay first.",
        "Medicaid is the payer of last resort: every other coverage, TRICARE and Medicare included, pays before it.",
        ("medicaid.last",),
        _kind_front(frozenset({CoverageKind.MEDICAID, CoverageKind.CHIP})),
    ),
    Misconception(
        "medicare-always-primary-at-65",
        "Medicare is always primary once you turn 65.",
        "A group plan through the person's or spouse's current job, with an employer of 20 or more employees, pays before Medicare.",
        ("msp.working_aged",),
        _kind_front(MEDICARE_KINDS),
    ),
    Misconception(
        "employer-plan-always-first",
        "The employer plan always pays before Medicare.",
        "Retiree, COBRA and small-employer (under 20; under 100 for disability) plans pay after Medicare, except during an ESRD coordination period.",
        ("msp.not_current_employment", "msp.small_employer", "msp.disability_small_employer"),
        _kind_back(MEDICARE_KINDS),
    ),
    Misconception(
        "disability-uses-20",
        "The disability rule also uses the 20-employee test.",
        "For Medicare by disability the group plan must be a large plan: 100 or more employees in the previous calendar year.",
        ("msp.disability_large_group_plan", "msp.disability_small_employer"),
    ),
    Misconception(
        "esrd-only-large-active-plans",
        "The ESRD coordination period applies only to active employees of large employers.",
        "Any group health plan - active, retiree or COBRA, any employer size - pays first for the 30 months.",
        ("msp.esrd_coordination_period",),
        _kind_front(MEDICARE_KINDS),
    ),
    Misconception(
        "esrd-plan-primary-again",
        "After the 30 months a working-aged group plan becomes primary again.",
        "After the coordination period Medicare pays first, even while the person still works.",
        ("msp.esrd_after_coordination",),
        _kind_back(MEDICARE_KINDS),
    ),
    Misconception(
        "medigap-can-be-primary",
        "A Medigap policy can pay first.",
        "A Medicare supplement is never primary: it pays Medicare's cost sharing after Medicare.",
        ("medigap.after_medicare",),
        _kind_front(frozenset({CoverageKind.MEDIGAP})),
    ),
    Misconception(
        "tricare-first",
        "TRICARE pays before an employer plan because it is federal.",
        "TRICARE pays after all other health coverage except Medicaid and a few programs; active-duty members use TRICARE only.",
        ("tricare.after_other_coverage",),
        _kind_front(TRICARE_KINDS),
    ),
    Misconception(
        "health-plan-pays-work-injury",
        "The health plan pays for a work injury and workers' comp reimburses it.",
        "Bill the workers' compensation carrier directly: health plans exclude care that workers' comp covers.",
        ("injury.workers_comp_exclusive", "injury.workers_comp_first"),
        _health_plan_before_injury,
    ),
    Misconception(
        "health-plan-first-after-accidents",
        "After a car accident the health plan always pays first.",
        "No-fault (PIP) pays first unless a state option says otherwise (Michigan coordinated PIP, New Jersey's election) - and never behind Medicare or Medicaid.",
        ("injury.no_fault_first", "injury.michigan_coordinated_pip", "injury.nj_health_primary_election"),
        _health_plan_before_injury,
    ),
    Misconception(
        "secondary-pays-leftover",
        "The secondary pays whatever the primary left.",
        "Standard COB pays the lesser of the secondary's own normal benefit and the allowable expense left unpaid; non-duplication pays only what its normal benefit exceeds the primary payment.",
        ("pay.standard_cob", "pay.non_duplication", "pay.carve_out"),
    ),
    Misconception(
        "medicare-secondary-is-a-supplement",
        "Medicare as secondary pays the primary's leftover deductible and coinsurance, like a supplement.",
        "Medicare pays the lowest of three amounts (42 CFR 411.33); it is not a supplement.",
        ("pay.medicare_secondary",),
    ),
    Misconception(
        "secondary-up-to-billed",
        "The secondary coordinates up to the billed charge.",
        "Amounts a contracted provider must write off are not an allowable expense; the secondary coordinates up to the allowable expense.",
        ("pay.standard_cob",),
    ),
)

BY_ID = {m.id: m for m in MISCONCEPTIONS}
