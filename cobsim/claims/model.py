"""The claim's life as data: submissions, remittances and the dated events between them.

Everything here is an output model (frozen, validated, JSON-ready): :func:`cobsim.claims.simulate` builds it from a
case and its determination, and the X12 and FHIR writers read it. Money balances by construction and
:meth:`Remittance.balance_problems` says where it would not: per line, charge = paid + adjustments; per claim,
charge = the line charges and paid = the line payments.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from cobsim.model.money import ZERO
from cobsim.model.money import MoneyOut as Money
from cobsim.trace import Adjustment

LifeStatus = Literal["complete", "pending", "not_billable"]
Form = Literal["837P", "837I"]
How = Literal["claim", "rebill", "crossover"]

#: X12 payer responsibility sequence codes (SBR01), by position in the payer order.
SEQUENCE_CODES = ("P", "S", "T", "A", "B", "C", "D", "E", "F", "G", "H")

EventKind = Literal[
    "intake",
    "not_billed",
    "submit",
    "pend",
    "release",
    "remit",
    "deny",
    "rebill",
    "crossover",
    "late",
    "patient_bill",
    "note",
]


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Event(_Out):
    """One dated step of the claim's life, with the source that says why it happens."""

    on: date
    kind: EventKind
    actor: str = Field(description="who acts: provider, member, a payer's label, Medicare's crossover contractor")
    coverage: str | None = Field(None, description="the coverage the step concerns")
    text: str = Field(description="one sentence a trainee reads")
    source: str = Field(description="the rule, regulation or X12 code list the step follows")


class LineAdjudication(_Out):
    """A payer's answer on one line: what it allowed and paid, and the adjustments that balance the charge."""

    line: str
    code: str
    units: int
    charge: Money
    allowed: Money | None = None
    paid: Money
    adjustments: tuple[Adjustment, ...] = ()
    remarks: tuple[str, ...] = Field((), description="remittance advice remark codes (RARC) on the line")

    @property
    def adjusted(self) -> Decimal:
        return sum((a.amount for a in self.adjustments), ZERO)

    @property
    def patient(self) -> Decimal:
        return sum((a.amount for a in self.adjustments if a.group == "PR"), ZERO)


class Submission(_Out):
    """A claim sent to one payer (or forwarded to it by Medicare's crossover contractor)."""

    number: int = Field(description="1 for the first claim sent, 2 for the next...")
    coverage: str
    payer: str
    sequence: str = Field(description="SBR01 payer responsibility: P, S, T, A...")
    rank: int = Field(description="the payer's position in the order (1 = primary; 0 = a payer billed by mistake)")
    sent: date
    form: Literal["837P", "837I"]
    how: How = Field(
        description="sent by the provider, sent again to the right payer, or forwarded by Medicare (no provider claim)"
    )
    prior: tuple[str, ...] = Field((), description="remittances (by coverage) whose adjudication the claim carries")
    deadline: date = Field(description="last day to file with this payer (timely filing)")
    deadline_source: str
    msp_type: str | None = Field(None, description="SBR05 insurance type when Medicare is billed as a secondary payer")


class Remittance(_Out):
    """One payer's remittance (835 / EOB) for the claim."""

    coverage: str
    payer: str
    submission: int = Field(description="the number of the submission it answers")
    received: date = Field(description="the day the biller received it")
    status: Literal["1", "2", "3", "4", "19", "20", "21"] = Field(
        description="CLP02: 1/2/3 processed as primary/secondary/tertiary, 4 denied, 19/20/21 processed and forwarded"
    )
    charge: Money
    paid: Money
    patient: Money = Field(description="patient responsibility (CLP05): the PR adjustments")
    claim_adjustments: tuple[Adjustment, ...] = Field((), description="claim-level CAS (a whole-claim denial)")
    lines: tuple[LineAdjudication, ...] = ()
    remarks: tuple[str, ...] = Field((), description="claim-level RARCs (MA18 crossover, MA04...)")
    crossed_over_to: tuple[str, ...] = Field((), description="coverages Medicare forwarded the claim to")
    payer_claim_number: str

    @property
    def denied(self) -> bool:
        return self.status == "4"

    def balance_problems(self) -> list[str]:
        """Where the remittance does not balance (empty when it does)."""
        out: list[str] = []
        for ln in self.lines:
            if ln.paid + ln.adjusted != ln.charge:
                out.append(f"line {ln.line}: paid {ln.paid} + adjustments {ln.adjusted} != charge {ln.charge}")
        line_total = sum((ln.charge for ln in self.lines), ZERO)
        if self.lines and line_total != self.charge:
            out.append(f"claim charge {self.charge} != line charges {line_total}")
        claim_adj = sum((a.amount for a in self.claim_adjustments), ZERO)
        line_paid = sum((ln.paid for ln in self.lines), ZERO)
        line_adj = sum((ln.adjusted for ln in self.lines), ZERO)
        if self.paid + claim_adj + line_adj != self.charge:
            out.append(f"paid {self.paid} + adjustments {claim_adj + line_adj} != claim charge {self.charge}")
        if self.lines and line_paid != self.paid:
            out.append(f"claim paid {self.paid} != line payments {line_paid}")
        patient = sum((a.amount for a in self.claim_adjustments if a.group == "PR"), ZERO)
        patient += sum((ln.patient for ln in self.lines), ZERO)
        if patient != self.patient:
            out.append(f"patient responsibility {self.patient} != PR adjustments {patient}")
        return out


class ClaimLife(_Out):
    """The life of one claim from the first submission to the patient's bill."""

    case_id: str
    seed: int
    status: LifeStatus = Field(
        description="complete: every payer answered; pending: a payer holds the claim; not_billable: see reasons"
    )
    reasons: tuple[str, ...] = ()
    form: Form
    charge: Money
    events: tuple[Event, ...]
    submissions: tuple[Submission, ...] = ()
    remittances: tuple[Remittance, ...] = ()
    patient_owes: Money | None = None
    write_off: Money | None = None

    def remittance(self, coverage: str, *, final: bool = True) -> Remittance | None:
        """The (last, unless ``final`` is false: first) remittance of ``coverage``."""
        found = [r for r in self.remittances if r.coverage == coverage]
        if not found:
            return None
        return found[-1] if final else found[0]

    def submission(self, number: int) -> Submission:
        for s in self.submissions:
            if s.number == number:
                return s
        raise KeyError(number)

    def answering(self, submission: Submission) -> Remittance | None:
        for r in self.remittances:
            if r.submission == submission.number:
                return r
        return None
