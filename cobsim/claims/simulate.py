"""Simulate a claim's life from a case and its determination: who is billed when, what each payer answers.

The money comes from the determination (:mod:`cobsim.payments`): each payer's line payments and the X12 adjustments
that balance them. This module adds what happens around the money, step by step and dated:

1. Intake: eligibility and the COB questions establish the payer order (the deciding rule is the source).
2. A claim sent to the wrong payer first comes back denied: CARC 22 (another payer is primary; RARC MA04, no
   primary payment information) or CARC 109 (not covered by this payer); the biller rebills the primary.
3. A payer named in ``claim.billing.pended_by`` pends the claim until the member's COB questionnaire arrives,
   then releases it.
4. Each payer in order receives the claim - from the provider, with the prior payers' adjudication, or from
   Medicare's crossover contractor (no provider claim) - within its timely-filing window, or denies it (CARC 29).
5. Each payer remits (835): claim status, line payments, CAS adjustments, RARCs (MA18 when Medicare forwards it).
6. The provider bills the patient the last payer's patient responsibility.

Dates the case gives (``claim.billing``) are used as given; the others are drawn from ``random.Random`` seeded with
the case id and ``seed``: a claim leaves 1-10 days after the service, Medicare pays between the 14th and the 30th
day (the payment floor and the clean-claim limit), other payers within 10-30 days, a secondary claim follows its
prior remittance by 1-7 days. The same case and seed always give the same life.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from cobsim.claims import ids, timely
from cobsim.claims.model import (
    SEQUENCE_CODES,
    ClaimLife,
    Event,
    EventKind,
    Form,
    How,
    LifeStatus,
    LineAdjudication,
    Remittance,
    Submission,
)
from cobsim.engine import solve
from cobsim.errors import CobsimError
from cobsim.model.billing import BillingHistory
from cobsim.model.case import Case, Coverage
from cobsim.model.codes import ClaimSetting, CoverageKind, DeterminationStatus
from cobsim.model.money import ZERO
from cobsim.rules.registry import RULES_BY_ID
from cobsim.trace import Adjustment, Determination, PayerEob

#: Sources of the steps that are not order or payment rules.
SRC_835 = "X12 835 5010 (005010X221A1): CLP claim status, CAS group and reason codes, SVC line payment"
SRC_837_PLAIN = "X12 837 5010 (005010X222A1 / X223A2): the claim, sent with no other payer's adjudication"
SRC_837 = "X12 837 5010 (005010X222A1 / X223A2): loops 2320, 2330A, 2330B, 2430 carry the prior payers' adjudication"
SRC_CARC22 = "X12 CARC 22 (care may be covered by another payer per COB) with RARC MA04 (no primary payment info)"
SRC_CARC109 = "X12 CARC 109 (not covered by this payer; send the claim to the correct payer)"
SRC_CARC29 = "X12 CARC 29 (the time limit for filing has expired)"
SRC_CROSSOVER = (
    "CMS Coordination of Benefits Agreement (COBA) crossover, CMS IOM 100-04 ch. 28 §70.6; RARC MA18 (claim "
    "forwarded to the supplemental insurer); AAP/AHIP COB guide: do not send that payer a paper claim"
)
SRC_QUESTIONNAIRE = (
    "Payer COB questionnaire: claims may be held until the member completes the COB form (AAP/AHIP COB guide; "
    "ASC RCM Quick Tips)"
)
SRC_INTAKE_MSP = "42 CFR 489.20(f): identify payers primary to Medicare at admission (MSP questionnaire)"
SRC_PATIENT = "X12 group code PR: the patient's responsibility on the last payer's remittance (cobsim.payments)"
SRC_PROMPT_MEDICARE = "42 USC 1395u(c)(2)-(3): clean claims paid from the 14th day (payment floor) within 30 days"


def _citation(rule_id: str) -> str:
    rule = RULES_BY_ID.get(rule_id)
    if rule is None:
        return rule_id
    return f"{rule.id}: {rule.citation}"


def _deciding_source(det: Determination) -> str:
    primary = det.primary
    for step in det.steps:
        if step.outcome == "decided" and step.first == primary:
            return _citation(step.rule)
    return "coordination.in_force: the only coverage in force pays first"


def _adjustment_text(adjs: tuple[Adjustment, ...]) -> str:
    merged: dict[tuple[str, str], Decimal] = {}
    for a in adjs:
        merged[(a.group, a.reason)] = merged.get((a.group, a.reason), ZERO) + a.amount
    return ", ".join(f"{g}-{r} ${amt:,.2f}" for (g, r), amt in merged.items()) or "none"


def msp_type(case: Case, det: Determination, cov: Coverage, before: list[Coverage]) -> str | None:
    """SBR05 when Medicare is billed after another payer: why that payer is primary to Medicare.

    12 working aged (group plan, 20+ employees), 13 ESRD coordination period, 14 no-fault, 15 workers' comp,
    16 other federal (PHS), 41 black lung, 43 disabled with a large group health plan, 47 other liability.
    """
    if cov.kind is not CoverageKind.MEDICARE or not before:
        return None
    primary = before[0]
    if primary.kind in (CoverageKind.AUTO_PIP, CoverageKind.AUTO_MEDPAY):
        return "14"
    if primary.kind is CoverageKind.WORKERS_COMP:
        return "15"
    if primary.kind is CoverageKind.BLACK_LUNG:
        return "41"
    if primary.kind is CoverageKind.LIABILITY:
        return "47"
    for step in det.steps:
        if step.outcome == "decided" and set(step.coverages) == {primary.id, cov.id}:
            if step.rule.startswith("msp.esrd"):
                return "13"
            if step.rule.startswith("msp.disability"):
                return "43"
            if step.rule.startswith("msp.working_aged") or step.rule == "msp.small_employer":
                return "12"
    if primary.kind in (CoverageKind.IHS, CoverageKind.CHAMPVA, CoverageKind.VA):
        return "16"
    return "12"


class _Life:
    """The simulation's working state: events, submissions and remittances as they accumulate."""

    def __init__(self, case: Case, det: Determination, seed: int) -> None:
        self.case = case
        self.det = det
        self.seed = seed
        self.rng = random.Random(f"cobsim-claims:{case.id}:{seed}")  # noqa: S311  (seeded for reproducible dates)
        self.events: list[Event] = []
        self.submissions: list[Submission] = []
        self.remittances: list[Remittance] = []
        self.billing = case.claim.billing or BillingHistory()
        self.used_dates: set[str] = set()
        self.form: Form = "837P" if case.claim.setting is ClaimSetting.PROFESSIONAL else "837I"
        self.pended = False

    def event(  # noqa: PLR0917  (one argument per Event field, in its order)
        self, on: date, kind: EventKind, actor: str, text: str, source: str, coverage: str | None = None
    ) -> None:
        self.events.append(Event(on=on, kind=kind, actor=actor, coverage=coverage, text=text, source=source))

    def finish(
        self,
        status: LifeStatus,
        reasons: tuple[str, ...] = (),
        *,
        patient_owes: Decimal | None = None,
        write_off: Decimal | None = None,
    ) -> ClaimLife:
        """The life so far as a :class:`ClaimLife`, events in date order (same-day steps in the order they
        happened)."""
        return ClaimLife(
            case_id=self.case.id,
            seed=self.seed,
            status=status,
            reasons=reasons,
            form=self.form,
            charge=self.case.claim.billed,
            events=tuple(sorted(self.events, key=lambda e: e.on)),
            submissions=tuple(self.submissions),
            remittances=tuple(self.remittances),
            patient_owes=patient_owes,
            write_off=write_off,
        )

    def days(self, low: int, high: int) -> timedelta:
        return timedelta(days=self.rng.randint(low, high))

    def given_remittance(self, cov: Coverage, sent: date) -> date | None:
        when = self.billing.remittances.get(cov.id)
        if when is None or cov.id in self.used_dates:
            return None
        self.used_dates.add(cov.id)
        if when < sent:
            raise CobsimError(
                f"claim.billing.remittances: the remittance of '{cov.id}' is dated {when}, before the claim was "
                f"sent to that payer on {sent}"
            )
        return when

    def answer_day(self, cov: Coverage, sent: date) -> date:
        given = self.given_remittance(cov, sent)
        if given is not None:
            return given
        if cov.kind is CoverageKind.MEDICARE:
            return sent + self.days(14, 30)
        return sent + self.days(10, 30)

    def submit(
        self,
        cov: Coverage,
        *,
        sent: date,
        sequence: str,
        rank: int,
        how: How,
        prior: tuple[str, ...],
        prior_remittance: date | None,
        msp: str | None = None,
    ) -> Submission:
        win = timely.window(cov, self.case.claim.service_date, prior_remittance)
        sub = Submission(
            number=len(self.submissions) + 1,
            coverage=cov.id,
            payer=ids.payer_name(cov),
            sequence=sequence,
            rank=rank,
            sent=sent,
            form=self.form,
            how=how,
            prior=prior,
            deadline=win.deadline,
            deadline_source=f"{win.source}; measured from {win.measured_from}",
            msp_type=msp,
        )
        self.submissions.append(sub)
        return sub

    def pend_if_asked(self, cov: Coverage, sent: date) -> date | None:
        """Pend the claim at ``cov`` when the case says so; the release date, or None while it stays pended."""
        if self.billing.pended_by != cov.id or self.pended:
            return sent
        self.pended = True
        pend_day = sent + self.days(1, 3)
        self.event(
            pend_day,
            "pend",
            ids.payer_name(cov),
            f"{ids.payer_name(cov)} pends the claim and asks the member to return its coordination-of-benefits "
            "questionnaire (is there other coverage? is the condition accident related?)",
            SRC_QUESTIONNAIRE,
            cov.id,
        )
        received = self.billing.questionnaire_received
        if received is None:
            return None
        release = max(received, pend_day)
        self.event(
            release,
            "release",
            ids.payer_name(cov),
            f"the member's questionnaire reaches {ids.payer_name(cov)} on {received}; the payer releases the claim "
            "for adjudication (a state prompt-pay clock counts from here)",
            SRC_QUESTIONNAIRE,
            cov.id,
        )
        return release


def _denial(
    life: _Life, cov: Coverage, sub: Submission, received: date, *, reason: str, remarks: tuple[str, ...]
) -> Remittance:
    lines = tuple(
        LineAdjudication(
            line=ln.id,
            code=ln.code,
            units=ln.units,
            charge=ln.billed,
            paid=ZERO,
            adjustments=(Adjustment(group="CO", reason=reason, amount=ln.billed),),
        )
        for ln in life.case.claim.lines
    )
    rem = Remittance(
        coverage=cov.id,
        payer=ids.payer_name(cov),
        submission=sub.number,
        received=received,
        status="4",
        charge=life.case.claim.billed,
        paid=ZERO,
        patient=ZERO,
        lines=lines,
        remarks=remarks,
        payer_claim_number=ids.payer_claim_number(life.case, cov, sub.number),
    )
    life.remittances.append(rem)
    return rem


def _paid(
    life: _Life, cov: Coverage, sub: Submission, eob: PayerEob, *, received: date, k: int, forwarded: tuple[str, ...]
) -> Remittance:
    codes = {line.id: line for line in life.case.claim.lines}
    lines = tuple(
        LineAdjudication(
            line=pl.line,
            code=codes[pl.line].code,
            units=codes[pl.line].units,
            charge=pl.billed,
            allowed=pl.allowed,
            paid=pl.paid,
            adjustments=pl.adjustments,
        )
        for pl in eob.lines
    )
    base = min(k, 2)
    status = str(base + 1 + (18 if forwarded else 0))
    rem = Remittance(
        coverage=cov.id,
        payer=ids.payer_name(cov),
        submission=sub.number,
        received=received,
        status=status,
        charge=life.case.claim.billed,
        paid=eob.paid,
        patient=sum((ln.patient for ln in lines), ZERO),
        lines=lines,
        remarks=("MA18",) if forwarded else (),
        crossed_over_to=forwarded,
        payer_claim_number=ids.payer_claim_number(life.case, cov, sub.number),
    )
    life.remittances.append(rem)
    return rem


def simulate(case: Case, det: Determination | None = None, *, seed: int = 0) -> ClaimLife:
    """The claim's life for ``case`` (solved here unless ``det`` is given), deterministic for a ``seed``.

    Raises:
        CobsimError: the billing history in the case contradicts itself (a remittance before its claim).
    """
    det = det or solve(case)
    life = _Life(case, det, seed)
    claim = case.claim
    service = claim.service_date
    by_id = {c.id: c for c in case.coverages}
    order = [by_id[p.coverage] for p in det.positions]
    patient = case.patient.name or case.patient.id

    labels = " > ".join(ids.payer_name(c) for c in order) or "no coverage"
    intake_source = _deciding_source(det) if order else "coordination.in_force"
    if any(c.kind is CoverageKind.MEDICARE for c in order) and claim.setting is not ClaimSetting.PROFESSIONAL:
        intake_source += "; " + SRC_INTAKE_MSP
    life.event(
        service,
        "intake",
        "provider",
        f"at intake the provider checks {patient}'s eligibility and asks the COB questions: payer order {labels}",
        intake_source,
    )
    for ex in det.excluded:
        life.event(
            service,
            "not_billed",
            "provider",
            f"{ex.label} is not billed: {ex.reason}",
            _citation(ex.rule),
            ex.coverage,
        )
    reasons: list[str] = []
    pay = det.payments
    if not order:
        reasons.append("no coverage of the patient takes part in this claim: the patient is billed directly")
    elif not claim.lines:
        reasons.append("the claim has no service lines, so there is nothing to bill or adjudicate")
    elif det.status is DeterminationStatus.INDETERMINATE:
        reasons.append("the payer order is indeterminate, so the biller cannot know whom to bill first")
    elif pay is None or not pay.complete:
        reasons.extend(pay.reasons if pay is not None else ("the payments could not be computed",))
    if reasons:
        return life.finish("not_billable", tuple(reasons))
    assert pay is not None
    eobs = {e.coverage: e for e in pay.eobs}
    if det.status is DeterminationStatus.SHARED:
        life.event(
            service,
            "note",
            "provider",
            "no rule orders some plans; they share the allowable expense equally and are billed in id order",
            _citation("naic.share_equally"),
        )
    for pos in det.positions:
        if pos.conditional:
            life.event(
                service,
                "note",
                "provider",
                f"{pos.label} pays conditionally and will recover from the primary payer later",
                _citation("injury.conditional_payment"),
                pos.coverage,
            )

    sent = life.billing.submitted or service + life.days(1, 10)
    primary = order[0]
    first = life.billing.sent_first_to
    rebilled = False
    if first is not None and first != primary.id:
        wrong = by_id[first]
        sub = life.submit(wrong, sent=sent, sequence="P", rank=0, how="claim", prior=(), prior_remittance=None)
        life.event(
            sent,
            "submit",
            "provider",
            f"the biller sends the claim to {ids.payer_name(wrong)} as if it were primary ({sub.form})",
            SRC_837_PLAIN,
            wrong.id,
        )
        taking_part = any(p.coverage == wrong.id for p in det.positions)
        received = life.answer_day(wrong, sent)
        reason, remarks = ("22", ("MA04",)) if taking_part else ("109", ())
        _denial(life, wrong, sub, received, reason=reason, remarks=remarks)
        why = (
            f"another payer ({ids.payer_name(primary)}) pays first"
            if taking_part
            else "it does not cover this claim and names the right payer"
        )
        life.event(
            received,
            "deny",
            ids.payer_name(wrong),
            f"{ids.payer_name(wrong)} denies the claim, CO-{reason}: {why}",
            SRC_CARC22 if taking_part else SRC_CARC109,
            wrong.id,
        )
        sent = received + life.days(1, 5)
        rebilled = True

    prior_received: date | None = None
    previous: list[Coverage] = []
    carried: list[str] = []
    for k, cov in enumerate(order):
        sequence = SEQUENCE_CODES[min(k, len(SEQUENCE_CODES) - 1)]
        crossover = k > 0 and previous[-1].kind is CoverageKind.MEDICARE and ids.takes_crossover(cov)
        if k == 0:
            how: How = "rebill" if rebilled else "claim"
        else:
            assert prior_received is not None
            how = "crossover" if crossover else "claim"
            sent = prior_received if crossover else prior_received + life.days(1, 7)
        msp = msp_type(case, det, cov, previous)
        sub = life.submit(
            cov,
            sent=sent,
            sequence=sequence,
            rank=k + 1,
            how=how,
            prior=tuple(carried),
            prior_remittance=prior_received,
            msp=msp,
        )
        if how == "crossover":
            life.event(
                sent,
                "crossover",
                "Medicare crossover contractor",
                f"Medicare forwards its processed claim to {ids.payer_name(cov)}; the provider sends no claim "
                "(a paper claim would be rejected as a duplicate)",
                SRC_CROSSOVER,
                cov.id,
            )
        else:
            with_prior = (
                f", with the adjudication of {', '.join(ids.payer_name(by_id[c]) for c in carried)} attached"
                if carried
                else ""
            )
            msp_text = (
                f"; {'SBR05' if sub.form == '837P' else 'value code'} {msp} says why Medicare is secondary"
                if msp
                else ""
            )
            verb = "rebills the claim to the primary payer," if how == "rebill" else "sends the claim to"
            life.event(
                sent,
                "rebill" if how == "rebill" else "submit",
                "provider",
                f"the biller {verb} {ids.payer_name(cov)} as payer {sequence} ({sub.form}){with_prior}"
                f"{msp_text}; timely filing until {sub.deadline}",
                (f"{_deciding_source(det)}; " if how == "rebill" else "")
                + f"{SRC_837 if carried else SRC_837_PLAIN}; timely filing: {sub.deadline_source}",
                cov.id,
            )
        if sent > sub.deadline:
            received = life.answer_day(cov, sent)
            _denial(life, cov, sub, received, reason="29", remarks=())
            life.event(
                received,
                "late",
                ids.payer_name(cov),
                f"{ids.payer_name(cov)} denies the claim, CO-29: it was sent on {sent}, after the filing limit of "
                f"{sub.deadline}; the provider writes the balance off (it may not bill the patient for its own late "
                "filing)",
                f"{SRC_CARC29}; {sub.deadline_source}",
                cov.id,
            )
            return life.finish(
                "complete", (f"{ids.payer_name(cov)} denied the claim for late filing; later payers were not billed",)
            )
        released = life.pend_if_asked(cov, sent)
        if released is None:
            return life.finish(
                "pending", (f"{ids.payer_name(cov)} holds the claim until the member's COB questionnaire arrives",)
            )
        received = life.answer_day(cov, released)
        nxt = order[k + 1] if k + 1 < len(order) else None
        forwarded = (
            (nxt.id,) if cov.kind is CoverageKind.MEDICARE and nxt is not None and ids.takes_crossover(nxt) else ()
        )
        eob = eobs[cov.id]
        rem = _paid(life, cov, sub, eob, received=received, k=k, forwarded=forwarded)
        method = RULES_BY_ID.get(eob.method)
        life.event(
            received,
            "remit",
            ids.payer_name(cov),
            f"{ids.payer_name(cov)} remits (CLP02 {rem.status}): pays ${rem.paid:,.2f}, patient responsibility "
            f"${rem.patient:,.2f}; adjustments {_adjustment_text(tuple(a for ln in rem.lines for a in ln.adjustments))}"
            + ("; RARC MA18: claim forwarded to the supplemental payer" if forwarded else ""),
            f"{SRC_835}; {_citation(method.id) if method else eob.method}"
            + (f"; {SRC_PROMPT_MEDICARE}" if cov.kind is CoverageKind.MEDICARE else ""),
            cov.id,
        )
        prior_received = received
        previous.append(cov)
        carried.append(cov.id)

    assert prior_received is not None
    bill_day = prior_received + life.days(1, 5)
    life.event(
        bill_day,
        "patient_bill",
        "provider",
        f"the provider bills {patient} ${pay.patient:,.2f} and writes off ${pay.write_off:,.2f}",
        SRC_PATIENT,
    )
    return life.finish("complete", patient_owes=pay.patient, write_off=pay.write_off)
