"""The determination and its trace: what the engine decided, and why, step by step.

Every step names a rule id, its citation, the coverages it looked at, what came of it, and one sentence a
trainee can read. The trace is data; :mod:`cobsim.render` turns it into tables and prose.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from cobsim.model.codes import DeterminationStatus, RuleSet
from cobsim.model.money import MoneyOut as Money


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class CitationOut(_Out):
    source: str
    pinpoint: str
    url: str | None = None
    confidence: str


StepOutcome = Literal["decided", "excluded", "tie", "indeterminate", "overridden", "note", "skipped", "paid"]


class Step(_Out):
    """One step of the trace."""

    rule: str = Field(description="rule id, e.g. naic.birthday")
    title: str
    citations: tuple[CitationOut, ...]
    coverages: tuple[str, ...] = Field(description="the coverages this step looked at")
    outcome: StepOutcome
    explanation: str = Field(description="one sentence a trainee can read")
    first: str | None = Field(None, description="for a decided step: the coverage that pays first")
    choice: str | None = Field(None, description="the documented choice used where sources are silent or conflict")


class Position(_Out):
    """A coverage's place in the payer order."""

    coverage: str
    rank: int = Field(description="1 = primary, 2 = secondary, ...; tied coverages share a rank")
    label: str
    shares_with: tuple[str, ...] = Field((), description="coverages that share this rank equally (R6)")
    conditional: bool = Field(False, description="pays conditionally and may recover from a primary payer later")
    notes: tuple[str, ...] = ()
    for_biller: str = Field("", description="when and how to bill this payer (crossover, the prior payers' remittance)")


class Exclusion(_Out):
    """A coverage of the patient that does not take part in this claim."""

    coverage: str
    label: str
    rule: str
    reason: str


class Adjustment(_Out):
    """An X12 claim adjustment: group code (CO, PR, OA) and CARC reason code, with the amount."""

    group: Literal["CO", "PR", "OA", "PI"]
    reason: str = Field(description="claim adjustment reason code: 1 deductible, 2 coinsurance, 3 copay, 45, 23...")
    amount: Money


class PayerLine(_Out):
    """One payer's adjudication of one claim line. Balances: billed = paid + the adjustments."""

    line: str
    billed: Money
    allowed: Money | None = Field(None, description="this payer's allowed amount for the line")
    allowable_expense: Money | None = Field(None, description="the allowable expense the payer coordinated against")
    normal_benefit: Money = Field(description="what the payer would pay with no other coverage")
    deductible: Money = Field(description="deductible applied in the normal benefit (credited to the deductible)")
    coinsurance: Money
    copay: Money
    prior_paid: Money = Field(description="what the earlier payers paid on the line")
    paid: Money
    patient_after: Money = Field(description="the patient's remaining liability after this payer")
    adjustments: tuple[Adjustment, ...]


class PayerEob(_Out):
    """A payer's explanation of benefits for the claim."""

    coverage: str
    label: str
    rank: int
    method: str = Field(description="payment rule id, e.g. pay.standard_cob")
    paid: Money
    patient_after: Money
    deductible_credited: Money
    reserve_after: Money | None = Field(None, description="benefit reserve after this claim (pre-2005 method)")
    lines: tuple[PayerLine, ...]


class LineBalance(_Out):
    """Where one line's billed charge went: payers, patient, provider write-off (they add up to billed)."""

    line: str
    billed: Money
    paid: dict[str, Money]
    patient: Money
    write_off: Money


class Payments(_Out):
    """The money flow of a claim."""

    complete: bool = Field(description="false when inputs are missing; reasons say which")
    reasons: tuple[str, ...] = ()
    eobs: tuple[PayerEob, ...] = ()
    lines: tuple[LineBalance, ...] = ()
    billed: Money
    paid: dict[str, Money] = Field(default_factory=dict, description="what each coverage pays on the claim")
    patient: Money = Field(description="the patient's final responsibility")
    write_off: Money = Field(description="what the provider writes off")
    rounding: str = "every calculated amount rounded half-up to the cent (ROUND_HALF_UP), per line"


class Determination(_Out):
    """The engine's answer for one case: the payer order, who does not take part, and the trace."""

    case_id: str
    service_date: date
    ruleset: RuleSet
    status: DeterminationStatus
    positions: tuple[Position, ...]
    excluded: tuple[Exclusion, ...]
    steps: tuple[Step, ...]
    reasons: tuple[str, ...] = Field((), description="why the status is shared or indeterminate")
    choices: tuple[str, ...] = Field((), description="documented choices the decision relied on")
    next_steps: tuple[str, ...] = Field(
        (), description="what the biller collects before the order can be decided (the questionnaire to complete)"
    )
    payments: Payments | None = Field(None, description="the money flow, when the claim has lines")
    engine_version: str

    @property
    def order(self) -> tuple[str, ...]:
        """Coverage ids that pay, primary first (tied coverages in id order)."""
        return tuple(p.coverage for p in self.positions)

    @property
    def primary(self) -> str | None:
        return self.positions[0].coverage if self.positions else None

    @property
    def deciding_rules(self) -> tuple[str, ...]:
        """Ids of the rules whose steps decided something (order, exclusion, tie), first use first."""
        seen: dict[str, None] = {}
        for s in self.steps:
            if s.outcome in ("decided", "excluded", "tie"):
                seen.setdefault(s.rule, None)
        return tuple(seen)

    @property
    def rules_used(self) -> tuple[str, ...]:
        """Every rule id in the trace."""
        seen: dict[str, None] = {}
        for s in self.steps:
            seen.setdefault(s.rule, None)
        return tuple(seen)

    def position(self, coverage_id: str) -> Position | None:
        for p in self.positions:
            if p.coverage == coverage_id:
                return p
        return None
