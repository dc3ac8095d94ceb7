"""Government programs: Medicaid and CHIP, TRICARE and TRICARE For Life, CHAMPVA, VA, IHS, crime-victim
compensation, Medigap, Medicare Advantage and FEHB.

Most of these programs are "last" by statute, in a fixed ladder (domain reference, government payers §0.1):
other health coverage, then TRICARE (and its supplements), then Medicaid, then IHS, then crime-victim
compensation. Medigap is never primary over Medicare.
"""

from __future__ import annotations

from cobsim.model.case import Coverage
from cobsim.model.codes import (
    COMMERCIAL_KINDS,
    INJURY_KINDS,
    MEDICAID_KINDS,
    MEDICARE_KINDS,
    TRICARE_KINDS,
    ClaimSetting,
    CoverageKind,
)
from cobsim.rules import citations as c
from cobsim.rules.base import (
    ANY_KIND,
    Annotation,
    Authority,
    Decided,
    Excluded,
    OrderOutcome,
    Pairs,
    RuleKind,
    rule,
)
from cobsim.rules.context import Context

FEDERAL = Authority.FEDERAL
#: The programs that pay after Medicaid: no last-resort rule of another program speaks against them.
_LAST = frozenset({CoverageKind.IHS, CoverageKind.CRIME_VICTIM})
#: What TRICARE does not pay after (``tricare.after_other_coverage``).
_TRICARE_EXCEPTED = MEDICAID_KINDS | {
    CoverageKind.TRICARE_SUPPLEMENT,
    CoverageKind.IHS,
    CoverageKind.CRIME_VICTIM,
    CoverageKind.VA,
}


def _orient(a: Coverage, b: Coverage, kinds: frozenset[CoverageKind]) -> tuple[Coverage, Coverage] | None:
    """(x, other) where x's kind is in ``kinds`` and the other's is not."""
    if a.kind in kinds and b.kind not in kinds:
        return a, b
    if b.kind in kinds and a.kind not in kinds:
        return b, a
    return None


def _after(
    ctx: Context, later: Coverage, earlier: Coverage, because: str, choice: str | None = None, *, clause: str = ""
) -> Decided:
    return Decided(earlier.id, later.id, because, choice=choice, clause=clause)


#: Federal and federally financed programs, which pay before a state crime-victim program (34 USC 20102(e)).
_FEDERAL_PROGRAMS = frozenset(
    {
        *MEDICARE_KINDS,
        CoverageKind.MEDICAID,
        CoverageKind.CHIP,
        CoverageKind.CHAMPVA,
        CoverageKind.VA,
        CoverageKind.BLACK_LUNG,
    }
)


# ------------------------------------------------------------------------------------------ participation


@rule(
    "tricare.active_duty_only",
    title="Active-duty service member: TRICARE only",
    kind=RuleKind.PARTICIPATION,
    authority=FEDERAL,
    cite=(c.TRICARE_ACTIVE_DUTY, c.TRICARE_ACTIVE_DUTY_NO_DOUBLE_COVERAGE),
    needs=frozenset({CoverageKind.TRICARE}),
)
def active_duty_only(ctx: Context, cov: Coverage) -> Excluded | None:
    """Active-duty service members (including activated Guard and Reserve) get their care through the uniformed
    services (10 U.S.C. 1074(a)), and their claims are exempt from the review for double coverage (TRICARE
    Reimbursement Manual 6010.64-M ch. 4 §2 ¶1.1.2): TRICARE is their only coverage and no coordination takes
    place. Their family members do coordinate."""
    if cov.kind is CoverageKind.TRICARE and cov.active_duty:
        return None
    if any(x.kind is CoverageKind.TRICARE and x.active_duty for x in ctx.participating):
        return Excluded(
            f"{ctx.name(ctx.patient.id)} is an active-duty service member: TRICARE is the only coverage, so "
            f"{ctx.plan(cov)} does not take part"
        )
    return None


@rule(
    "tricare.part_b_required",
    title="TRICARE with Medicare Part A requires Part B",
    kind=RuleKind.PARTICIPATION,
    authority=FEDERAL,
    cite=(c.TRICARE_PART_B, c.TRICARE_PART_B_MANUAL),
    excludes=TRICARE_KINDS,
)
def part_b_required(ctx: Context, cov: Coverage) -> Excluded | None:
    """A person entitled to Medicare Part A is not eligible for TRICARE (TRICARE For Life included) unless
    enrolled in Part B (10 USC 1086(d)); active-duty members and their families are exempt (a family member is
    recognised by the sponsor's own active-duty TRICARE record in the case)."""
    if cov.kind not in TRICARE_KINDS or cov.active_duty:
        return None
    sponsor_on_active_duty = any(
        x.kind is CoverageKind.TRICARE and x.active_duty and x.member == cov.subscriber and x.in_force(ctx.on)
        for x in ctx.case.coverages
    )
    if sponsor_on_active_duty:
        return None
    if ctx.medicare_card is None or not ctx.part_a() or ctx.part_b():
        return None
    return Excluded(
        f"{ctx.name(ctx.patient.id)} has Medicare Part A without Part B, and TRICARE requires Part B in that case, "
        f"so {ctx.plan(cov)} does not pay"
    )


@rule(
    "va.authorized_care",
    title="VA pays only for care in VA facilities or authorized by the VA",
    kind=RuleKind.PARTICIPATION,
    authority=FEDERAL,
    cite=(c.VA_AUTHORIZED, c.VA_AUTHORIZED_MBPM),
    excludes=frozenset({CoverageKind.VA}),
)
def va_authorized_care(ctx: Context, cov: Coverage) -> Excluded | None:
    """VA health care is not insurance: it covers care furnished or authorized by the VA and nothing else."""
    if cov.kind is not CoverageKind.VA or ctx.case.claim.va_authorized:
        return None
    return Excluded(f"{ctx.plan(cov)} covers only care furnished or authorized by the VA, and this care was not")


@rule(
    "va.service_connected",
    title="Service-connected VA care: VA only",
    kind=RuleKind.PARTICIPATION,
    authority=FEDERAL,
    cite=(c.VA_AUTHORIZED, c.VA_RECOVERY),
    excludes=ANY_KIND - {CoverageKind.VA},
    needs=frozenset({CoverageKind.VA}),
)
def va_service_connected(ctx: Context, cov: Coverage) -> Excluded | None:
    """The VA pays in full for VA-authorized care of a service-connected condition; no other payer is billed
    (38 USC 1729 lets the VA recover from health plans only for non-service-connected care)."""
    if cov.kind is CoverageKind.VA or not ctx.case.claim.service_connected:
        return None
    if not any(x.kind is CoverageKind.VA for x in ctx.participating):
        return None
    return Excluded(f"the VA pays in full for care of a service-connected condition, so {ctx.plan(cov)} is not billed")


@rule(
    "va.medicare_cannot_pay",
    title="Medicare does not pay for VA-authorized care",
    kind=RuleKind.PARTICIPATION,
    authority=FEDERAL,
    cite=(c.VA_MEDICARE_CANNOT_PAY, c.MEDICARE_GOVERNMENT_ENTITY),
    excludes=MEDICARE_KINDS,
    needs=frozenset({CoverageKind.VA}),
)
def va_medicare_cannot_pay(ctx: Context, cov: Coverage) -> Excluded | None:
    """An authorization issued by the VA binds the VA to pay; no Medicare payment may be made for such services,
    though their charges count toward the Medicare deductibles (POMS HI 00620.050; 42 CFR 411.8(a)). The engine
    takes every VA claim as fully authorized: it does not model what Medicare may still pay (VA copayments,
    covered days or other conditions the VA did not authorize, Medicare Benefit Policy Manual ch. 16
    §50.1-50.1.2)."""
    if cov.kind not in MEDICARE_KINDS:
        return None
    if not any(x.kind is CoverageKind.VA for x in ctx.participating):
        return None
    return Excluded(
        f"the VA authorized this care and pays for it; Medicare may not pay for VA-authorized services, so "
        f"{ctx.plan(cov)} does not take part (the charges still count toward Medicare deductibles)"
    )


@rule(
    "medicare.part_not_enrolled",
    title="Medicare part for the setting not in force",
    kind=RuleKind.PARTICIPATION,
    authority=FEDERAL,
    cite=(c.MEDICARE_PART_B_SCOPE, c.MEDICARE_PART_A_SCOPE),
    clauses=("inpatient",),
    excludes=frozenset({CoverageKind.MEDICARE}),
)
def part_not_enrolled(ctx: Context, cov: Coverage) -> Excluded | None:
    """Original Medicare pays inpatient hospital claims under Part A and physician and outpatient claims under
    Part B; a person without the part in force on the service date has no Medicare benefit for the claim."""
    if cov.kind is not CoverageKind.MEDICARE:
        return None
    inpatient = ctx.case.claim.setting is ClaimSetting.INPATIENT
    if inpatient and not ctx.part_a():
        return Excluded(
            f"{ctx.plan(cov)}: no Part A on the service date, and an inpatient claim is a Part A claim",
            clause="inpatient",
        )
    if not inpatient and not ctx.part_b():
        return Excluded(
            f"{ctx.plan(cov)}: no Part B on the service date, and a physician or outpatient claim is a Part B claim"
        )
    return None


@rule(
    "medigap.needs_medicare",
    title="Medigap pays only Medicare cost sharing",
    kind=RuleKind.PARTICIPATION,
    authority=FEDERAL,
    cite=(c.MEDIGAP_DEFINITION,),
    excludes=frozenset({CoverageKind.MEDIGAP}),
)
def medigap_needs_medicare(ctx: Context, cov: Coverage) -> Excluded | None:
    """A Medicare supplement policy pays Medicare's deductibles and coinsurance; when Medicare does not take
    part in a claim, the supplement has nothing to pay."""
    if cov.kind is not CoverageKind.MEDIGAP:
        return None
    if any(x.kind is CoverageKind.MEDICARE for x in ctx.participating):
        return None
    return Excluded(f"{ctx.plan(cov)} supplements Medicare, which does not take part in this claim")


# ------------------------------------------------------------------------------------------------ order


@rule(
    "crime_victim.last",
    title="State crime-victim compensation pays last",
    kind=RuleKind.ORDER,
    authority=FEDERAL,
    cite=(c.CRIME_VICTIM_LAST, c.TRICARE_MEDICAID_FR, c.TRICARE_REGARDLESS, c.IHS_LAST, c.CRIME_VICTIM_OTHER_SOURCES),
    clauses=("tricare", "other_coverage", "ihs"),
    choice=(
        "IHS and crime-victim compensation both claim to be last ('notwithstanding' clauses in 25 USC 1623(b) and "
        "34 USC 20102(e)); the engine puts crime-victim compensation after IHS."
    ),
    speaks_for=(Pairs(frozenset({CoverageKind.CRIME_VICTIM}), ANY_KIND - {CoverageKind.CRIME_VICTIM}),),
)
def crime_victim_last(ctx: Context, a: Coverage, b: Coverage) -> OrderOutcome:
    """A state crime-victim compensation program does not pay costs that a federal or federally financed program
    (Medicare, Medicaid, TRICARE) would pay (34 USC 20102(e)), and state programs pay only what other sources
    such as health insurance leave (for example, New Jersey's program is the "payer of last resort"): it pays
    last."""
    pair = _orient(a, b, frozenset({CoverageKind.CRIME_VICTIM}))
    if pair is None:
        return None
    cv, other = pair
    choice = crime_victim_last.choice if other.kind is CoverageKind.IHS else None
    if other.kind is CoverageKind.IHS:
        clause = "ihs"
    elif other.kind in TRICARE_KINDS:
        clause = "tricare"
    elif other.kind in _FEDERAL_PROGRAMS:
        clause = ""
    else:
        clause = "other_coverage"
    return _after(
        ctx,
        cv,
        other,
        f"{ctx.plan(cv)} is state crime-victim compensation, which pays only what {ctx.plan(other)} does not",
        choice,
        clause=clause,
    )


@rule(
    "ihs.last_resort",
    title="Indian Health Service pays last, even after Medicaid",
    kind=RuleKind.ORDER,
    authority=FEDERAL,
    cite=(c.IHS_LAST, c.IHS_MEDICARE_MANUAL, c.TRICARE_REGARDLESS),
    clauses=("medicare", "tricare"),
    speaks_for=(Pairs(frozenset({CoverageKind.IHS}), ANY_KIND - _LAST),),
)
def ihs_last_resort(ctx: Context, a: Coverage, b: Coverage) -> OrderOutcome:
    """The Indian Health Service and tribal and urban Indian programs are the payer of last resort for their
    services, notwithstanding any other law - after Medicare, Medicaid and private insurance (25 USC 1623(b))."""
    pair = _orient(a, b, frozenset({CoverageKind.IHS}))
    if pair is None or pair[1].kind is CoverageKind.CRIME_VICTIM:
        return None
    ihs, other = pair
    return _after(
        ctx,
        ihs,
        other,
        f"the Indian Health Service is the payer of last resort, so {ctx.plan(other)} pays first",
        clause="medicare" if other.kind in MEDICARE_KINDS else "tricare" if other.kind in TRICARE_KINDS else "",
    )


@rule(
    "medicaid.last",
    title="Medicaid is the payer of last resort",
    kind=RuleKind.ORDER,
    authority=FEDERAL,
    cite=(
        c.MEDICAID_LAST,
        c.MEDICAID_TPL_CFR,
        c.MEDICAID_AFTER_MEDICARE,
        c.MEDICAID_AFTER_MEDICARE_MAC,
        c.TRICARE_LAST,
        c.TRICARE_MEDICAID_FR,
        c.CHIP_COORDINATED,
    ),
    clauses=("medicare", "tricare", "chip"),
    choice="CHIP is treated like Medicaid: it pays after every other coverage except IHS and crime-victim programs.",
    speaks_for=(Pairs(MEDICAID_KINDS, ANY_KIND - MEDICAID_KINDS - _LAST),),
)
def medicaid_last(ctx: Context, a: Coverage, b: Coverage) -> OrderOutcome:
    """Medicaid pays after every other liable third party - commercial plans, Medicare, TRICARE, injury payers -
    and before only IHS and state crime-victim programs (42 USC 1396a(a)(25); 42 CFR 433.139(b)(1); against
    Medicare, 42 USC 1396a(n)(2); against TRICARE, 10 USC 1079(i)(1)). The statute does not use the words "payer
    of last resort"; it makes every liable third party pay first."""
    pair = _orient(a, b, MEDICAID_KINDS)
    if pair is None or pair[1].kind in (CoverageKind.IHS, CoverageKind.CRIME_VICTIM):
        return None
    medicaid, other = pair
    choice = medicaid_last.choice if medicaid.kind is CoverageKind.CHIP else None
    if medicaid.kind is CoverageKind.CHIP:
        clause = "chip"
    elif other.kind in MEDICARE_KINDS:
        clause = "medicare"
    elif other.kind in TRICARE_KINDS:
        clause = "tricare"
    else:
        clause = ""
    return _after(
        ctx,
        medicaid,
        other,
        f"Medicaid is the payer of last resort, so {ctx.plan(other)} pays before {ctx.plan(medicaid)}",
        choice,
        clause=clause,
    )


@rule(
    "va.after_health_plans",
    title="VA care after health plans and TRICARE",
    kind=RuleKind.ORDER,
    authority=FEDERAL,
    cite=(c.VA_RECOVERY, c.TRICARE_VA),
    clauses=("tricare",),
    speaks_for=(Pairs(frozenset({CoverageKind.VA}), COMMERCIAL_KINDS | TRICARE_KINDS | {CoverageKind.MEDIGAP}),),
)
def va_after_health_plans(ctx: Context, a: Coverage, b: Coverage) -> OrderOutcome:
    """For VA-authorized care of a non-service-connected condition the VA bills the veteran's health plan
    (38 USC 1729), and TRICARE pays before VA health care: the VA pays after them."""
    pair = _orient(a, b, frozenset({CoverageKind.VA}))
    if pair is None:
        return None
    va, other = pair
    if (
        other.kind not in COMMERCIAL_KINDS
        and other.kind not in TRICARE_KINDS
        and other.kind is not CoverageKind.MEDIGAP
    ):
        return None
    return _after(
        ctx,
        va,
        other,
        f"the VA recovers the cost of non-service-connected care from {ctx.plan(other)}, which therefore pays first"
        if other.kind not in TRICARE_KINDS
        else f"TRICARE pays before VA health care, so {ctx.plan(other)} pays first",
        clause="tricare" if other.kind in TRICARE_KINDS else "",
    )


@rule(
    "tricare.supplement_after_tricare",
    title="TRICARE supplement after TRICARE",
    kind=RuleKind.ORDER,
    authority=FEDERAL,
    cite=(c.TRICARE_SUPPLEMENT_NOT_OHI,),
    speaks_for=(
        Pairs(
            frozenset({CoverageKind.TRICARE_SUPPLEMENT}),
            ANY_KIND - {CoverageKind.TRICARE_SUPPLEMENT} - MEDICAID_KINDS - _LAST,
        ),
    ),
)
def tricare_supplement_after_tricare(ctx: Context, a: Coverage, b: Coverage) -> OrderOutcome:
    """A TRICARE supplement pays the beneficiary's TRICARE cost share: after TRICARE and after every coverage
    TRICARE pays after, before Medicaid."""
    pair = _orient(a, b, frozenset({CoverageKind.TRICARE_SUPPLEMENT}))
    if pair is None:
        return None
    supp, other = pair
    if other.kind in MEDICAID_KINDS or other.kind in (CoverageKind.IHS, CoverageKind.CRIME_VICTIM):
        return None
    return _after(ctx, supp, other, f"{ctx.plan(supp)} supplements TRICARE and pays after {ctx.plan(other)}")


@rule(
    "tricare.after_other_coverage",
    title="TRICARE pays after all other health coverage except Medicaid",
    kind=RuleKind.ORDER,
    authority=FEDERAL,
    cite=(
        c.TRICARE_LAST,
        c.TRICARE_REGARDLESS,
        c.TRICARE_MEDICARE_FIRST,
        c.TFL_AFTER_MEDICARE,
        c.TRICARE_MEDICARE_MANUAL,
        c.TRICARE_THIRD_PARTY,
        c.TRICARE_WC_EXCLUSION,
    ),
    clauses=("medicare", "third_party", "workers_comp"),
    speaks_for=(Pairs(TRICARE_KINDS, ANY_KIND - TRICARE_KINDS - _TRICARE_EXCEPTED),),
)
def tricare_after_other(ctx: Context, a: Coverage, b: Coverage) -> OrderOutcome:
    """TRICARE pays after all other health insurance - employer plans, Medicare (TRICARE For Life pays after
    Medicare), Medigap, no-fault and workers' comp - except Medicaid, TRICARE supplements, state crime-victim
    programs and programs such as IHS (10 USC 1079(i)(1); 10 USC 1095(h); 32 CFR 199.8(d)(1)). Active-duty
    members use TRICARE only."""
    pair = _orient(a, b, TRICARE_KINDS)
    if pair is None:
        return None
    tricare, other = pair
    if other.kind in _TRICARE_EXCEPTED:
        return None
    if tricare.kind is CoverageKind.TRICARE_FOR_LIFE and other.kind in MEDICARE_KINDS:
        because = f"TRICARE For Life pays after Medicare: {ctx.plan(other)} pays first"
    else:
        because = f"TRICARE pays after other health coverage, so {ctx.plan(other)} pays before {ctx.plan(tricare)}"
    if other.kind in MEDICARE_KINDS:
        clause = "medicare"
    elif other.kind is CoverageKind.WORKERS_COMP:
        clause = "workers_comp"
    elif other.kind in INJURY_KINDS or other.kind is CoverageKind.MEDIGAP:
        clause = "third_party"
    else:
        clause = ""
    return _after(ctx, tricare, other, because, clause=clause)


@rule(
    "champva.after_other_coverage",
    title="CHAMPVA pays after other health coverage except Medicaid",
    kind=RuleKind.ORDER,
    authority=FEDERAL,
    cite=(c.CHAMPVA_LAST, c.CHAMPVA_MEDICARE_MANUAL),
    clauses=("medicare",),
    speaks_for=(Pairs(frozenset({CoverageKind.CHAMPVA}), ANY_KIND - {CoverageKind.CHAMPVA} - MEDICAID_KINDS - _LAST),),
)
def champva_after_other(ctx: Context, a: Coverage, b: Coverage) -> OrderOutcome:
    """CHAMPVA is secondary to other health insurance, Medicare included, except Medicaid and state crime-victim
    programs: it pays the costs left after Medicare and third-party payers (38 USC 1781(b), (d)(2))."""
    pair = _orient(a, b, frozenset({CoverageKind.CHAMPVA}))
    if pair is None:
        return None
    champva, other = pair
    if other.kind in MEDICAID_KINDS or other.kind in (CoverageKind.IHS, CoverageKind.CRIME_VICTIM):
        return None
    return _after(
        ctx,
        champva,
        other,
        f"CHAMPVA pays after other health coverage: {ctx.plan(other)} pays first",
        clause="medicare" if other.kind in MEDICARE_KINDS else "",
    )


@rule(
    "medigap.after_medicare",
    title="Medigap is never primary",
    kind=RuleKind.ORDER,
    authority=FEDERAL,
    cite=(c.MEDIGAP_DEFINITION, c.NAIC_PLAN_EXCLUDES_MEDIGAP),
    clauses=("after_group", "both_after_medicare"),
    choice=(
        "A Medigap policy and an employer plan that is itself secondary to Medicare: the NAIC model excludes "
        "Medigap from 'plan', so no rule orders them; the engine puts the employer plan before Medigap."
    ),
    speaks_for=(Pairs(frozenset({CoverageKind.MEDIGAP}), COMMERCIAL_KINDS | {CoverageKind.MEDICARE}),),
)
def medigap_after_medicare(ctx: Context, a: Coverage, b: Coverage) -> OrderOutcome:
    """A Medicare supplement policy pays Medicare's cost sharing: after Medicare, and after any group plan that
    pays before Medicare."""
    pair = _orient(a, b, frozenset({CoverageKind.MEDIGAP}))
    if pair is None:
        return None
    gap, other = pair
    if other.kind is CoverageKind.MEDICARE:
        return _after(ctx, gap, other, f"{ctx.plan(gap)} is a Medicare supplement, never primary over Medicare")
    if other.kind in COMMERCIAL_KINDS:
        _, vs = ctx.medicare_vs(other)
        if isinstance(vs, Decided) and vs.first == other.id:
            return _after(
                ctx,
                gap,
                other,
                f"{ctx.plan(other)} pays before Medicare, and the Medicare supplement {ctx.plan(gap)} pays after Medicare",
                clause="after_group",
            )
        return _after(
            ctx,
            gap,
            other,
            f"{ctx.plan(other)} and the supplement {ctx.plan(gap)} both pay after Medicare; the employer plan goes first",
            medigap_after_medicare.choice,
            clause="both_after_medicare",
        )
    return None


# ------------------------------------------------------------------------------------------------ notes


@rule(
    "msp.medicare_advantage_stands_in",
    title="Medicare Advantage stands in Medicare's place",
    kind=RuleKind.NOTE,
    authority=FEDERAL,
    cite=(c.MEDICARE_ADVANTAGE, c.MEDICARE_ADVANTAGE_CFR, c.MEDICARE_ADVANTAGE_PAYER),
    needs=frozenset({CoverageKind.MEDICARE_ADVANTAGE}),
)
def medicare_advantage(ctx: Context, order: tuple[Coverage, ...]) -> list[Annotation]:
    """A Medicare Advantage plan takes Medicare's position in the order of benefits: the Medicare Secondary Payer
    rules decide whether it pays before or after a group plan (42 U.S.C. 1395w-22(a)(4); 42 CFR 422.108)."""
    return [
        Annotation(x.id, "a Medicare Advantage plan: it takes Medicare's place in the order of benefits")
        for x in order
        if x.kind is CoverageKind.MEDICARE_ADVANTAGE
    ]


@rule(
    "fehb.employer_plan",
    title="FEHB is an employer group plan",
    kind=RuleKind.NOTE,
    authority=FEDERAL,
    cite=(c.FEHB_MSP, c.FEHB_COB),
    needs=frozenset({CoverageKind.FEHB}),
)
def fehb_employer_plan(ctx: Context, order: tuple[Coverage, ...]) -> list[Annotation]:
    """FEHB plans follow the NAIC order against other plans, and Medicare's rules against Medicare, as the group
    plan of the federal government (far more than 100 employees): active employees' FEHB pays before Medicare,
    annuitants' after."""
    return [
        Annotation(x.id, "FEHB: ordered as the federal government's employer group plan")
        for x in order
        if x.kind is CoverageKind.FEHB
    ]


PARTICIPATION = (
    active_duty_only,
    va_authorized_care,
    va_service_connected,
    va_medicare_cannot_pay,
    part_not_enrolled,
    part_b_required,
)
LATE_PARTICIPATION = (medigap_needs_medicare,)
ORDER = (
    crime_victim_last,
    ihs_last_resort,
    medicaid_last,
    va_after_health_plans,
    tricare_supplement_after_tricare,
    tricare_after_other,
    champva_after_other,
    medigap_after_medicare,
)
NOTES = (medicare_advantage, fehb_employer_plan)
