"""What the biller does with a determination: one note per payer in the order, and the next steps when the
engine cannot decide.

The notes follow the claim's life (the claim-process parts of the seed documents and the CMS crossover and MSP
guidance): the primary is billed first; every later payer is billed after the earlier payers' remittances arrive,
with their adjudication on the claim (the X12 837 loops 2320/2430, or the EOBs on paper); Medicare forwards its
claims to a Medigap insurer, to Medicaid and to TRICARE For Life by itself (the crossover), so the biller sends no
claim of their own; an order the rules cannot decide needs facts the biller collects with a questionnaire.

The notes never change the order; they are derived from the positions, the excluded coverages and the reasons.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from cobsim.model.case import Case, Coverage
from cobsim.model.codes import (
    COMMERCIAL_KINDS,
    CROSSOVER_KINDS,
    MEDICARE_KINDS,
    NO_FAULT_KINDS,
    CoverageKind,
    DeterminationStatus,
)


def _name(cov: Coverage) -> str:
    return f"{cov.label} [{cov.id}]"


def _listing(covs: Sequence[Coverage], name: Callable[[Coverage], str] = _name) -> str:
    names = [name(c) for c in covs]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _first_note(cov: Coverage, shared_with: Sequence[Coverage], name: Callable[[Coverage], str] = _name) -> str:
    if shared_with:
        return (
            f"Bill {_listing([cov, *shared_with], name)} at the same time: no rule orders them, so they share the "
            "allowable expense equally; tell each the other's coverage on the claim"
        )
    if cov.kind is CoverageKind.WORKERS_COMP:
        return (
            f"Bill {name(cov)} directly with the workers' compensation claim number; do not bill a health plan for "
            "the work injury"
        )
    if cov.kind is CoverageKind.BLACK_LUNG:
        return f"Bill {name(cov)} (Department of Labor) first for the black lung services"
    if cov.kind in NO_FAULT_KINDS:
        return f"Bill {name(cov)} first with the auto claim number and the accident date"
    if cov.kind is CoverageKind.LIABILITY:
        return f"Bill {name(cov)}, the liable party's insurer, with its claim number"
    if cov.kind in MEDICARE_KINDS:
        return f"Bill {name(cov)} first, as the primary payer"
    return f"Bill {name(cov)} first, as the primary payer, as if no other coverage existed"


def _later_note(
    cov: Coverage, earlier: Sequence[Coverage], *, conditional: bool, name: Callable[[Coverage], str] = _name
) -> str:
    prev = earlier[-1]
    if prev.kind in MEDICARE_KINDS and cov.kind in CROSSOVER_KINDS and prev.kind is CoverageKind.MEDICARE:
        return (
            f"Medicare forwards the claim to {name(cov)} itself (crossover; Medicare's remittance shows remark code "
            "MA18): do not send a claim of your own - wait for its payment, and bill it only if the claim did not "
            "cross over"
        )
    remits = "the remittance from" if len(earlier) == 1 else "the remittances from"
    verb = "arrives" if len(earlier) == 1 else "arrive"
    base = (
        f"After {remits} {_listing(earlier, name)} {verb}, bill {name(cov)} with the earlier payers' adjudication on the "
        "claim (837 loops 2320/2430, or their EOBs attached)"
    )
    if cov.kind in MEDICARE_KINDS and conditional:
        return (
            base + "; Medicare pays conditionally because the injury payer has not paid promptly: report the injury "
            "payer on the claim, and Medicare recovers its payment when that payer pays"
        )
    if cov.kind in MEDICARE_KINDS:
        return base + "; bill it as a Medicare Secondary Payer claim, with the primary's payment and the MSP type"
    if cov.kind in (CoverageKind.MEDICAID, CoverageKind.CHIP):
        return base + "; Medicaid pays last, up to its rate, and the patient owes at most Medicaid's copay"
    if cov.kind in (CoverageKind.TRICARE, CoverageKind.TRICARE_FOR_LIFE, CoverageKind.CHAMPVA):
        return base + "; TRICARE and CHAMPVA pay after all other health insurance"
    return base


def biller_notes(
    case: Case,
    ranks: Sequence[Sequence[Coverage]],
    *,
    status: DeterminationStatus = DeterminationStatus.DETERMINED,
    conditional: frozenset[str] = frozenset(),
    name: Callable[[Coverage], str] = _name,
) -> dict[str, str]:
    """One sentence per coverage in the order: when and how to bill it. ``name`` names a coverage in a sentence
    (its label and id; the engine passes its per-case cache of them)."""
    notes: dict[str, str] = {}
    earlier: list[Coverage] = []
    undecided = status is DeterminationStatus.INDETERMINATE
    for i, rank in enumerate(ranks):
        for cov in rank:
            others = [x for x in rank if x.id != cov.id]
            if undecided and (others or i > 0):
                notes[cov.id] = (
                    f"Hold the claim for {name(cov)}: the order "
                    + (f"between it and {_listing(others, name)} " if others else "of the payers ahead of it ")
                    + "is not decided yet (see the next steps)"
                )
            elif i == 0:
                notes[cov.id] = _first_note(cov, others, name)
            else:
                note = _later_note(cov, earlier, conditional=cov.id in conditional, name=name)
                if others:
                    note += f"; it shares this place equally with {_listing(others, name)}"
                notes[cov.id] = note
        earlier.extend(rank)
    return notes


def next_steps(
    case: Case, status: DeterminationStatus, undecided: Sequence[tuple[Coverage, Coverage]], loop: bool
) -> tuple[str, ...]:
    """What the biller collects when the engine cannot decide: the questionnaire that asks for the missing fact."""
    if status is not DeterminationStatus.INDETERMINATE:
        return ()
    steps: list[str] = []
    for a, b in undecided:
        kinds = {a.kind, b.kind}
        if kinds & MEDICARE_KINDS:
            steps.append(
                "Complete the Medicare Secondary Payer questionnaire with the patient (why they have Medicare - age, "
                "disability or ESRD - and whether the group coverage comes from current employment, and the "
                "employer's size), then decide again"
            )
        elif a.relationship.value == "child" and b.relationship.value == "child":
            steps.append(
                "Ask the parents for the custody arrangement and any court decree about the child's health care "
                "(and when each plan learned of it), then decide again"
            )
        elif kinds <= COMMERCIAL_KINDS:
            steps.append(
                "Send both plans a coordination of benefits questionnaire and ask each for its order-of-benefit "
                "provisions; hold the claim for the secondary until the order is settled"
            )
        else:
            steps.append("Ask both payers which of them is primary for this claim, with their written reasons")
    if loop:
        steps.append(
            "The rules contradict each other for these plans: send the claim to the plans' coordination of benefits "
            "units with the facts and the conflicting rules, and follow their written agreement"
        )
    return tuple(dict.fromkeys(steps))
