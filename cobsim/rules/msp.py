"""Medicare Secondary Payer rules: when a group health plan pays before Medicare, and when after.

Each rule orders Medicare (or a Medicare Advantage plan, which stands in Medicare's place) against one
commercial coverage, as of the service date. They are asked in this order: ESRD (which supersedes the others
during its coordination period), individual coverage, missing facts, Part A, working aged, disability, and
finally coverage that does not rest on current employment. Thresholds are dated parameters
(``rules/params/medicare.yaml``).
"""

from __future__ import annotations

from datetime import date, timedelta

from cobsim.medicare import aged_entitlement_start
from cobsim.model.case import Coverage, Employer
from cobsim.model.codes import (
    COMMERCIAL_KINDS,
    GROUP_HEALTH_PLAN_KINDS,
    MEDICARE_KINDS,
    CoverageBasis,
    CoverageKind,
    MemberRelationship,
)
from cobsim.rules import citations as c
from cobsim.rules.base import Authority, Decided, Indeterminate, OrderOutcome, Pairs, RuleKind, rule
from cobsim.rules.context import Context
from cobsim.rules.params import int_param

FEDERAL = Authority.FEDERAL
#: Medicare (or Medicare Advantage) against a group health plan: the pairs most MSP rules speak for.
_MEDICARE_VS_GHP = (Pairs(MEDICARE_KINDS, GROUP_HEALTH_PLAN_KINDS),)


def _pair(a: Coverage, b: Coverage) -> tuple[Coverage, Coverage] | None:
    """(medicare, commercial) in that order, or None when the pair is not Medicare against a commercial plan."""
    if a.kind in MEDICARE_KINDS and b.kind in COMMERCIAL_KINDS:
        return a, b
    if b.kind in MEDICARE_KINDS and a.kind in COMMERCIAL_KINDS:
        return b, a
    return None


def _ghp_pair(a: Coverage, b: Coverage) -> tuple[Coverage, Coverage] | None:
    pair = _pair(a, b)
    if pair is None or pair[1].kind not in GROUP_HEALTH_PLAN_KINDS:
        return None
    return pair


def _medicare_name(cov: Coverage) -> str:
    return "the Medicare Advantage plan" if cov.kind is CoverageKind.MEDICARE_ADVANTAGE else "Medicare"


def _first(first: Coverage, second: Coverage, because: str, choice: str | None = None, clause: str = "") -> Decided:
    return Decided(first.id, second.id, because, choice=choice, clause=clause)


# -------------------------------------------------------------------------------------------- employer size


def meets_20(employer: Employer, on: date) -> tuple[bool, str]:
    """The working-aged size test: 20 or more employees on each working day of 20 or more calendar weeks in
    the current or the preceding calendar year (42 USC 1395y(b)(1)(A)(ii))."""
    need_employees = int_param("medicare.working_aged_employees", on)
    need_weeks = int_param("medicare.working_aged_weeks", on)
    name = employer.name or employer.id

    def weeks(year: int) -> int:
        entry = employer.year(year)
        if entry.weeks_with_20_or_more is not None:
            return entry.weeks_with_20_or_more
        return 52 if entry.typical_employees >= need_employees else 0

    prev, cur = weeks(on.year - 1), weeks(on.year)
    if prev >= need_weeks:
        return True, f"{name} had {need_employees} or more employees in {prev} weeks of {on.year - 1}"
    current = employer.year(on.year)
    if cur >= need_weeks and (current.twentieth_week_start is None or current.twentieth_week_start <= on):
        return True, f"{name} has had {need_employees} or more employees in {need_weeks} weeks of {on.year}"
    if cur >= need_weeks and current.twentieth_week_start is not None:
        return False, (
            f"{name} reaches its {need_weeks}th week with {need_employees} or more employees only on "
            f"{current.twentieth_week_start}, after the service date, and did not meet the test in {on.year - 1}"
        )
    return False, (
        f"{name} did not have {need_employees} or more employees in {need_weeks} weeks of {on.year - 1} or "
        f"{on.year} ({employer.year(on.year).typical_employees} employees now)"
    )


def meets_100(employer: Employer, on: date) -> tuple[bool, str]:
    """The disability size test: 100 or more employees on a typical business day of the previous calendar
    year (42 USC 1395y(b)(1)(B)(iii); 26 USC 5000(b)(2))."""
    need = int_param("medicare.disability_employees", on)
    prev = employer.year(on.year - 1)
    name = employer.name or employer.id
    if prev.typical_employees >= need:
        return True, f"{name} had {prev.typical_employees} employees on a typical day of {prev.year}"
    return (
        False,
        f"{name} had {prev.typical_employees} employees on a typical day of {prev.year}, fewer than {need}",
    )


def _size(ctx: Context, ghp: Coverage, test: int) -> tuple[bool, str, bool]:
    """(meets, why, small_employer_exception_used) for the 20- or 100-employee test (worked out once per plan and
    test: the working-aged and small-employer rules both ask)."""
    return ctx.fact(("msp.size", ghp.id, test), lambda: _employer_size(ctx, ghp, test))


def _employer_size(ctx: Context, ghp: Coverage, test: int) -> tuple[bool, str, bool]:
    if ghp.kind is CoverageKind.FEHB or (ghp.employer and ctx.case.employer(ghp.employer).federal):
        return True, "the federal government (FEHB) employs far more than 100 people", False
    check = meets_20 if test == 20 else meets_100
    if ghp.multi_employer_plan is not None:
        plan = ctx.case.multi_employer_plan(ghp.multi_employer_plan)
        results = [(e, *check(ctx.case.employer(e), ctx.on)) for e in plan.employers]
        qualifying = [r for r in results if r[1]]
        plan_name = plan.name or plan.id
        if not qualifying:
            return (
                False,
                f"no employer in {plan_name} meets the test ({'; '.join(r[2] for r in results)})",
                False,
            )
        if test == 20 and plan.small_employer_exception and ghp.employer is not None:
            own_ok, own_why = check(ctx.case.employer(ghp.employer), ctx.on)
            if not own_ok:
                return (
                    False,
                    (
                        f"{plan_name} elected the small-employer exception and the member's own employer is small "
                        f"({own_why})"
                    ),
                    True,
                )
        return True, f"{plan_name} is a multi-employer plan and {qualifying[0][2]}", False
    if ghp.employer is None:
        return False, "the case names no employer for this group plan", False
    ok, why = check(ctx.case.employer(ghp.employer), ctx.on)
    return ok, why, False


# -------------------------------------------------------------------------------------------------- ESRD


def _esrd_context(ctx: Context, a: Coverage, b: Coverage) -> tuple[Coverage, Coverage] | None:
    pair = _ghp_pair(a, b)
    if pair is None or ctx.medicare_status.esrd is None:
        return None
    return pair


@rule(
    "msp.esrd_dual_entitlement",
    title="ESRD after age or disability entitlement: Medicare stays primary if it already was",
    kind=RuleKind.ORDER,
    authority=FEDERAL,
    cite=(c.POMS_ESRD_RETIREE, c.MSP_ESRD_DUAL_CFR, c.MSP_ESRD_DUAL_OTHER),
    clauses=("other_basis",),
    speaks_for=_MEDICARE_VS_GHP,
)
def esrd_dual_entitlement(ctx: Context, a: Coverage, b: Coverage) -> OrderOutcome:
    """A person entitled to Medicare by age or disability who becomes eligible on the basis of ESRD: if Medicare
    was already primary to the group plan in the month before ESRD eligibility (retiree or COBRA coverage, a
    small employer), Medicare stays primary and there is no coordination period (42 CFR 411.163; POMS
    HI 00801.247 states it for retiree coverage)."""
    pair = _esrd_context(ctx, a, b)
    if pair is None:
        return None
    medicare, ghp = pair
    period = ctx.medicare_status.esrd
    assert period is not None
    if ctx.on > period.coordination_end:
        return None
    before = period.start - timedelta(days=1)
    prior = ctx.at(before, ignore_esrd=True)
    status = prior.medicare_status
    if not (status.aged or status.disability) or prior.medicare_card is None or not ghp.in_force(before):
        return None
    _, outcome = prior.medicare_vs(ghp)
    if isinstance(outcome, Decided) and outcome.first == prior.medicare_card.id:
        basis = "age" if status.aged else "disability"
        return _first(
            medicare,
            ghp,
            f"{ctx.name(ctx.patient.id)} already had Medicare by {basis}, and Medicare was primary to {ctx.plan(ghp)} "
            f"in {before:%B %Y}, the month before ESRD eligibility; Medicare stays primary, with no ESRD "
            "coordination period",
            clause="" if ghp.effective_basis is CoverageBasis.RETIRED else "other_basis",
        )
    return None


@rule(
    "msp.esrd_coordination_period",
    title="ESRD: any group plan is primary for the 30-month coordination period",
    kind=RuleKind.ORDER,
    authority=FEDERAL,
    cite=(c.MSP_ESRD, c.MSP_ESRD_ELIGIBLE, c.POMS_ESRD_STAYS_SECONDARY, c.POMS_ESRD_START),
    choice=(
        "If the person had Medicare by age or disability but this plan did not cover them in the month before "
        "ESRD eligibility, Medicare was not primary to this plan, so the coordination period applies to it."
    ),
    speaks_for=_MEDICARE_VS_GHP,
)
def esrd_coordination_period(ctx: Context, a: Coverage, b: Coverage) -> OrderOutcome:
    """A group health plan - active, retiree or COBRA, any employer size - pays before Medicare for all covered
    services during the coordination period: 30 months from the first month of ESRD eligibility, enrolled or not
    (42 USC 1395y(b)(1)(C); POMS HI 00801.216). Turning 65 during the period does not end it."""
    pair = _esrd_context(ctx, a, b)
    if pair is None:
        return None
    medicare, ghp = pair
    period = ctx.medicare_status.esrd
    assert period is not None
    if ctx.on > period.coordination_end:
        return None
    month = period.coordination_month(ctx.on)
    choice = None
    before = period.start - timedelta(days=1)
    prior = ctx.at(before, ignore_esrd=True)
    if (prior.medicare_status.aged or prior.medicare_status.disability) and not ghp.in_force(before):
        choice = esrd_coordination_period.choice
    return _first(
        ghp,
        medicare,
        f"ESRD Medicare began {period.start:%B %-d, %Y} ({period.how}); the service falls in month {month} of the "
        f"{period.coordination_months}-month coordination period, which ends {period.coordination_end:%B %-d, %Y}, "
        f"so {ctx.plan(ghp)} pays before {_medicare_name(medicare)} for all services, whatever the employer's size "
        "or the person's employment",
        choice=choice,
    )


@rule(
    "msp.esrd_after_coordination",
    title="ESRD: Medicare is primary after the coordination period",
    kind=RuleKind.ORDER,
    authority=FEDERAL,
    cite=(c.MSP_ESRD_AFTER, c.POMS_ESRD_AFTER),
    speaks_for=_MEDICARE_VS_GHP,
)
def esrd_after_coordination(ctx: Context, a: Coverage, b: Coverage) -> OrderOutcome:
    """After the ESRD coordination period Medicare pays first, even if the person is still covered through
    current employment (POMS HI 00801.247)."""
    pair = _esrd_context(ctx, a, b)
    if pair is None:
        return None
    medicare, ghp = pair
    period = ctx.medicare_status.esrd
    assert period is not None
    if ctx.on <= period.coordination_end:
        return None
    return _first(
        medicare,
        ghp,
        f"the ESRD coordination period ended {period.coordination_end:%B %-d, %Y}; from then on "
        f"{_medicare_name(medicare)} pays before {ctx.plan(ghp)}, even with active employment",
    )


# -------------------------------------------------------------------------------------- non-group, facts


@rule(
    "msp.individual_coverage",
    title="Individual and student coverage: Medicare primary",
    kind=RuleKind.ORDER,
    authority=FEDERAL,
    cite=(c.MSP_GHP_CFR, c.MSP_GHP_ONLY, c.MSP_INDIVIDUAL),
    speaks_for=(Pairs(MEDICARE_KINDS, COMMERCIAL_KINDS - GROUP_HEALTH_PLAN_KINDS),),
)
def individual_coverage(ctx: Context, a: Coverage, b: Coverage) -> OrderOutcome:
    """The Medicare Secondary Payer rules make only group health plans primary to Medicare; against an
    individual (non-group) or student policy Medicare pays first."""
    pair = _pair(a, b)
    if pair is None or pair[1].kind in GROUP_HEALTH_PLAN_KINDS:
        return None
    medicare, plan = pair
    return _first(
        medicare,
        plan,
        f"{ctx.plan(plan)} is an {plan.kind.value} policy, not an employer group plan, so the Medicare Secondary "
        f"Payer rules do not apply and {_medicare_name(medicare)} pays first",
    )


@rule(
    "msp.basis_unknown",
    title="Medicare in force but no basis of entitlement in the case",
    kind=RuleKind.ORDER,
    authority=FEDERAL,
    cite=(c.MSP_BY_BASIS, c.MSP_GHP_CFR),
    speaks_for=_MEDICARE_VS_GHP,
)
def basis_unknown(ctx: Context, a: Coverage, b: Coverage) -> OrderOutcome:
    """Which Medicare Secondary Payer rule applies depends on why the person has Medicare (age, disability or
    ESRD); when the case gives no basis the engine says so instead of guessing."""
    pair = _ghp_pair(a, b)
    if pair is None or ctx.medicare_status.known:
        return None
    return Indeterminate(
        f"{ctx.name(ctx.patient.id)} has Medicare but is under 65 and the case gives no disability or ESRD facts, "
        "so it cannot say which Medicare Secondary Payer rule applies (ask the MSP questionnaire, Part III)"
    )


@rule(
    "msp.part_a_required",
    title="No Part A: the MSP group-plan rules do not apply",
    kind=RuleKind.ORDER,
    authority=FEDERAL,
    cite=(c.MSP_AGED_PART_A, c.MSP_DISABLED_PART_A, c.MSP_DISABLED_PART_A_CFR, c.MSP_PART_A_SEED),
    clauses=("disability",),
    choice=(
        "A Part-B-only enrollee with a current-employment group plan: sources conflict; the engine treats "
        "Medicare as primary, as CMS describes for Part-B-only enrollees."
    ),
    speaks_for=_MEDICARE_VS_GHP,
)
def part_a_required(ctx: Context, a: Coverage, b: Coverage) -> OrderOutcome:
    """The working-aged and disability rules apply to people entitled to Part A (42 U.S.C. 1395y(b)(1)(A)(i),
    (B)(i): entitlement under 42 U.S.C. 426(a) or (b); 42 CFR 411.204(a)(1)); without Part A they do not make the
    group plan primary."""
    pair = _ghp_pair(a, b)
    if pair is None or ctx.part_a() or ctx.medicare_status.esrd is not None:
        return None
    medicare, ghp = pair
    return _first(
        medicare,
        ghp,
        f"{ctx.name(ctx.patient.id)} has no Medicare Part A, so the working-aged and disability rules do not make "
        f"{ctx.plan(ghp)} primary",
        choice=part_a_required.choice,
        clause="disability" if ctx.medicare_status.disability and not ctx.medicare_status.aged else "",
    )


# ------------------------------------------------------------------------------------------ working aged


def _through_own_or_spouse(ctx: Context, ghp: Coverage) -> bool:
    if ghp.relationship is MemberRelationship.SELF:
        return True
    return ghp.relationship is MemberRelationship.SPOUSE and ghp.subscriber in ctx.partners(
        ctx.patient.id, include_former=True
    )


@rule(
    "msp.working_aged",
    title="Working aged: group plan of a 20+ employer primary",
    kind=RuleKind.ORDER,
    authority=FEDERAL,
    cite=(
        c.MSP_WORKING_AGED,
        c.MSP_WORKING_AGED_OWN,
        c.MSP_WORKING_AGED_SPOUSE,
        c.MSP_20_EMPLOYEES,
        c.MSP_AGED_DATE,
    ),
    clauses=("spouse",),
    speaks_for=_MEDICARE_VS_GHP,
)
def working_aged(ctx: Context, a: Coverage, b: Coverage) -> OrderOutcome:
    """A person entitled to Medicare by age (from the first day of the month they attain 65) who is covered by a
    group health plan through their own or their spouse's current employment, with an employer of 20 or more
    employees on each working day of 20 weeks in the current or preceding calendar year: the group plan pays
    first (42 USC 1395y(b)(1)(A); 42 CFR 411.170)."""
    pair = _ghp_pair(a, b)
    if pair is None or not ctx.medicare_status.aged:
        return None
    medicare, ghp = pair
    if ghp.effective_basis is not CoverageBasis.ACTIVE or not _through_own_or_spouse(ctx, ghp):
        return None
    ok, why, _ = _size(ctx, ghp, 20)
    if not ok:
        return None
    who = ctx.name(ctx.patient.id)
    whose = (
        f"{who}'s own" if ghp.relationship is MemberRelationship.SELF else f"the spouse {ctx.name(ghp.subscriber)}'s"
    )
    aged_from = aged_entitlement_start(ctx.patient.birth_date)
    return _first(
        ghp,
        medicare,
        f"{who} has Medicare by age (from {aged_from:%B %-d, %Y}) and {ctx.plan(ghp)} rests on "
        f"{whose} current employment; {why}, so the group plan pays before {_medicare_name(medicare)}",
        clause="" if ghp.relationship is MemberRelationship.SELF else "spouse",
    )


@rule(
    "msp.small_employer",
    title="Working aged: employer under 20 employees, Medicare primary",
    kind=RuleKind.ORDER,
    authority=FEDERAL,
    cite=(c.MSP_20_EMPLOYEES, c.MSP_SMALL_EMPLOYER_ELECTION),
    clauses=("multiemployer_election",),
    speaks_for=_MEDICARE_VS_GHP,
)
def small_employer(ctx: Context, a: Coverage, b: Coverage) -> OrderOutcome:
    """When the employer behind a current-employment group plan fails the 20-employee test - or a multi-employer
    plan elected the small-employer exception for a member of an employer under 20 - Medicare pays first
    (42 USC 1395y(b)(1)(A)(ii)-(iii))."""
    pair = _ghp_pair(a, b)
    if pair is None or not ctx.medicare_status.aged:
        return None
    medicare, ghp = pair
    if ghp.effective_basis is not CoverageBasis.ACTIVE or not _through_own_or_spouse(ctx, ghp):
        return None
    ok, why, elected = _size(ctx, ghp, 20)
    if ok:
        return None
    return _first(
        medicare,
        ghp,
        f"{ctx.name(ctx.patient.id)} has Medicare by age and {ctx.plan(ghp)} rests on current employment, but {why}, "
        f"so {_medicare_name(medicare)} pays first",
        clause="multiemployer_election" if elected else "",
    )


# -------------------------------------------------------------------------------------------- disability


@rule(
    "msp.disability_large_group_plan",
    title="Disability: large group plan (100+) through own or a family member's current employment",
    kind=RuleKind.ORDER,
    authority=FEDERAL,
    cite=(c.MSP_DISABILITY, c.MSP_DISABILITY_CFR, c.MSP_FAMILY_MEMBER, c.MSP_LGHP, c.MSP_UNION_FUND),
    clauses=("family", "multiemployer"),
    speaks_for=_MEDICARE_VS_GHP,
)
def disability_large_group_plan(ctx: Context, a: Coverage, b: Coverage) -> OrderOutcome:
    """A person under 65 entitled to Medicare by disability and covered by a large group health plan (an employer
    with 100 or more employees on a typical business day of the previous calendar year; any employer of a
    multi-employer plan) through their own or any family member's current employment: the plan pays first
    (42 USC 1395y(b)(1)(B); 42 CFR 411.204)."""
    pair = _ghp_pair(a, b)
    if pair is None or not ctx.medicare_status.disability:
        return None
    medicare, ghp = pair
    if ghp.effective_basis is not CoverageBasis.ACTIVE:
        return None
    ok, why, _ = _size(ctx, ghp, 100)
    if not ok:
        return None
    whose = "own" if ghp.relationship is MemberRelationship.SELF else f"{ctx.name(ghp.subscriber)}'s (a family member)"
    return _first(
        ghp,
        medicare,
        f"{ctx.name(ctx.patient.id)} is under 65 with Medicare by disability and {ctx.plan(ghp)} rests on {whose} "
        f"current employment; {why}, so the group plan pays before {_medicare_name(medicare)}",
        clause="multiemployer"
        if ghp.multi_employer_plan is not None and ghp.kind is not CoverageKind.FEHB
        else ""
        if ghp.relationship is MemberRelationship.SELF
        else "family",
    )


@rule(
    "msp.disability_small_employer",
    title="Disability: employer under 100 employees, Medicare primary",
    kind=RuleKind.ORDER,
    authority=FEDERAL,
    cite=(c.MSP_DISABILITY, c.MSP_LGHP, c.MSP_DISABILITY_SMALL_CFR),
    speaks_for=_MEDICARE_VS_GHP,
)
def disability_small_employer(ctx: Context, a: Coverage, b: Coverage) -> OrderOutcome:
    """For a person entitled by disability, a current-employment group plan of an employer that had fewer than
    100 employees in the previous calendar year is not a large group health plan: Medicare pays first."""
    pair = _ghp_pair(a, b)
    if pair is None or not ctx.medicare_status.disability:
        return None
    medicare, ghp = pair
    if ghp.effective_basis is not CoverageBasis.ACTIVE:
        return None
    ok, why, _ = _size(ctx, ghp, 100)
    if ok:
        return None
    return _first(
        medicare,
        ghp,
        f"{ctx.name(ctx.patient.id)} has Medicare by disability, but {why}, so {ctx.plan(ghp)} is not a large group "
        f"plan and {_medicare_name(medicare)} pays first",
    )


# ---------------------------------------------------------------------------------- not current employment


@rule(
    "msp.not_current_employment",
    title="Retiree, COBRA or other coverage not based on current employment: Medicare primary",
    kind=RuleKind.ORDER,
    authority=FEDERAL,
    cite=(
        c.POMS_RETIREE,
        c.MSP_CURRENT_EMPLOYMENT,
        c.MSP_WORKING_AGED,
        c.MSP_WORKING_AGED_SPOUSE,
        c.MSP_DISABILITY_CFR,
    ),
    clauses=("not_employed", "someone_else"),
    choice=(
        "A domestic partner is not a 'spouse' for the working-aged rule (only own or spouse's employment "
        "counts); for the disability rule a partner's plan counts as a family member's."
    ),
    speaks_for=_MEDICARE_VS_GHP,
)
def not_current_employment(ctx: Context, a: Coverage, b: Coverage) -> OrderOutcome:
    """Group coverage that does not rest on current employment - retiree coverage, COBRA, a laid-off employee's
    coverage, or (for the working aged) coverage through someone other than the person or their spouse - pays
    after Medicare (except during an ESRD coordination period)."""
    pair = _ghp_pair(a, b)
    if pair is None:
        return None
    medicare, ghp = pair
    basis = ghp.effective_basis
    status = ctx.medicare_status
    if basis is not CoverageBasis.ACTIVE and basis is not None:
        label = {
            CoverageBasis.RETIRED: "retiree coverage",
            CoverageBasis.LAID_OFF: "coverage of a laid-off employee",
            CoverageBasis.COBRA: "COBRA continuation",
            CoverageBasis.STATE_CONTINUATION: "state continuation coverage",
        }[basis]
        return _first(
            medicare,
            ghp,
            f"{ctx.plan(ghp)} is {label}, not coverage through current employment, so {_medicare_name(medicare)} "
            "pays first",
            clause="" if basis is CoverageBasis.RETIRED else "not_employed",
        )
    if status.aged and not _through_own_or_spouse(ctx, ghp):
        choice = not_current_employment.choice if ghp.relationship is MemberRelationship.DOMESTIC_PARTNER else None
        return _first(
            medicare,
            ghp,
            f"{ctx.plan(ghp)} rests on {ctx.name(ghp.subscriber)}'s employment, and for Medicare by age only the "
            f"person's own or spouse's current employment makes a group plan primary, so {_medicare_name(medicare)} "
            "pays first",
            choice=choice,
            clause="someone_else",
        )
    return None


ORDER = (
    esrd_dual_entitlement,
    esrd_coordination_period,
    esrd_after_coordination,
    individual_coverage,
    basis_unknown,
    part_a_required,
    working_aged,
    small_employer,
    disability_large_group_plan,
    disability_small_employer,
    not_current_employment,
)
