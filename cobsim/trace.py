"""The determination and its trace: what the engine decided, and why, step by step.

Every step names a rule id, its citation, the coverages it looked at, what came of it, and one sentence a
trainee can read. The trace is data; :mod:`cobsim.render` turns it into tables and prose.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from cobsim.model.codes import DeterminationStatus, RuleSet


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class CitationOut(_Out):
    source: str
    pinpoint: str
    url: str | None = None
    confidence: str


StepOutcome = Literal["decided", "excluded", "tie", "indeterminate", "overridden", "note", "skipped"]


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


class Exclusion(_Out):
    """A coverage of the patient that does not take part in this claim."""

    coverage: str
    label: str
    rule: str
    reason: str


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
