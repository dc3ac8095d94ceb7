"""Conventions an engine may declare in its handshake, and how each changes the grading of amounts.

Real claims systems legitimately differ from cobsim on a few points that the law leaves open. An engine declares
its choices under ``"conventions"`` in a ``cobsim-conform/2`` handshake; only the names below are accepted (an
unknown name or value refuses the handshake, so a typo never silently grades by the wrong rules).

``rounding`` - how the engine rounds a payer's cost-share split on a claim line, ``{"mode": M, "rounds": R}``:

* ``mode``: ``half_up`` (cobsim: half a cent rounds away from zero) or ``half_even`` (banker's rounding: half a
  cent rounds to the even cent, as Java's ``RoundingMode.HALF_EVEN`` and Synthea do).
* ``rounds``: ``coinsurance`` (cobsim: the coinsurance ``base x rate`` is rounded, and the payer's normal benefit
  is ``base - coinsurance``) or ``payment`` (the payer's share ``base x (1 - rate)`` is rounded, and the
  coinsurance is what is left, as Open Dental's ``ComputeBaseEst`` does). ``base`` is the line's allowed amount
  less copay and deductible.

  Every one of these conventions gives the same cents as cobsim except where ``base x rate`` ends in exactly half
  a cent (a *tie*): there the declared convention may give the coinsurance one cent more or less. The kit finds
  the ties in cobsim's own adjudication of the case (each payer line with a stated coinsurance rate; Medicare's
  unstated Part B rate, 20%, never ties) and computes, for each, what the declared convention gives. An amount
  may then differ from the fixture by one cent per tie that changes a figure of that payer or of a payer before
  it (a payment is a 1-Lipschitz function of the amounts before it: a cent moved upstream moves each later
  figure by at most a cent); the patient's balance by one cent per tie on the claim. Anything beyond is a
  failure, and so is any difference on a case without ties: declaring a rounding convention never buys a
  tolerance where rounding cannot explain the difference. Other rounding points (equal shares, the 115% TRICARE
  cap, Medicare's 42 CFR 411.33 amounts) are graded at ``--tolerance`` as before.

``allowable_expense`` - which allowed amount the engine lets cap a secondary that pays by standard COB or with a
benefit reserve (MDL-120 §3A; the case format's ``benefits.allowable_expense``): ``per_case`` (the default: the
engine follows each case's stated choice) or one fixed choice, ``naic``, ``highest_negotiated``,
``primary_arrangement``, ``primary_contract_cap``, ``secondary_allowed`` or ``billed``. When a case's secondary
coordinates against an allowable expense chosen differently from the engine's fixed choice, the case's amounts are
graded ``skip`` with that reason (the payer order is still graded): the amounts differ by design, not by error.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from typing import Any

from cobsim.model.case import Case
from cobsim.model.codes import COMMERCIAL_KINDS, AllowableExpense
from cobsim.model.money import CENT
from cobsim.trace import Payments

ROUNDING_MODES = {"half_up": ROUND_HALF_UP, "half_even": ROUND_HALF_EVEN}
ROUNDED_FIGURES = ("coinsurance", "payment")
ALLOWABLE_EXPENSE_CHOICES = ("per_case", *(a.value for a in AllowableExpense))
#: Payment methods whose amount depends on the allowable-expense choice (they call the §3A allowable expense).
AE_METHODS = frozenset({"pay.standard_cob", "pay.benefit_reserve"})


@dataclass(frozen=True)
class Rounding:
    """How an engine rounds the cost-share split of a line."""

    mode: str = "half_up"
    rounds: str = "coinsurance"

    def describe(self) -> str:
        return f"{self.mode.replace('_', '-')} rounding of the {self.rounds}"

    def split(self, base: Decimal, rate: Decimal) -> Decimal:
        """The coinsurance on ``base`` at ``rate`` under this convention.

        Examples:
            >>> Rounding().split(Decimal("123.45"), Decimal("0.1"))
            Decimal('12.35')
            >>> Rounding("half_even").split(Decimal("123.45"), Decimal("0.1"))
            Decimal('12.34')
            >>> Rounding("half_up", "payment").split(Decimal("123.45"), Decimal("0.1"))
            Decimal('12.34')
        """
        exact = base * rate
        mode = ROUNDING_MODES[self.mode]
        if self.rounds == "coinsurance":
            return exact.quantize(CENT, rounding=mode)
        return base - (base - exact).quantize(CENT, rounding=mode)


COBSIM_ROUNDING = Rounding()


@dataclass(frozen=True)
class Conventions:
    """The conventions an engine declared (cobsim's own when it declared none)."""

    rounding: Rounding = COBSIM_ROUNDING
    allowable_expense: str = "per_case"

    @classmethod
    def parse(cls, data: Any) -> Conventions:
        """Conventions from a handshake's ``conventions`` object.

        Raises:
            ValueError: an unknown convention or value, in one sentence naming it and what is accepted.
        """
        if data is None:
            return cls()
        if not isinstance(data, dict):
            raise ValueError('"conventions" must be an object such as {"rounding": {"mode": "half_even"}}')
        unknown = sorted(set(data) - {"rounding", "allowable_expense"})
        if unknown:
            raise ValueError(f'unknown convention(s) {unknown}: the kit knows "rounding" and "allowable_expense"')
        rounding = data.get("rounding") or {}
        if not isinstance(rounding, dict) or set(rounding) - {"mode", "rounds"}:
            raise ValueError('"rounding" must be an object with "mode" and/or "rounds"')
        mode = rounding.get("mode", "half_up")
        rounds = rounding.get("rounds", "coinsurance")
        if mode not in ROUNDING_MODES:
            raise ValueError(f'rounding "mode" {mode!r} is not one of {sorted(ROUNDING_MODES)}')
        if rounds not in ROUNDED_FIGURES:
            raise ValueError(f'rounding "rounds" {rounds!r} is not one of {list(ROUNDED_FIGURES)}')
        ae = data.get("allowable_expense", "per_case")
        if ae not in ALLOWABLE_EXPENSE_CHOICES:
            raise ValueError(f'"allowable_expense" {ae!r} is not one of {list(ALLOWABLE_EXPENSE_CHOICES)}')
        return cls(Rounding(mode, rounds), ae)

    def as_dict(self) -> dict[str, Any]:
        return {
            "rounding": {"mode": self.rounding.mode, "rounds": self.rounding.rounds},
            "allowable_expense": self.allowable_expense,
        }

    @property
    def rounding_differs(self) -> bool:
        return self.rounding != COBSIM_ROUNDING


@dataclass(frozen=True)
class Tie:
    """A payer line where ``base x rate`` is exactly half a cent and the declared convention rounds it otherwise."""

    line: str
    coverage: str
    rank: int
    exact: Decimal
    cobsim: Decimal
    declared: Decimal

    def text(self) -> str:
        return (
            f"line {self.line}: {self.coverage}'s coinsurance is {self.exact.normalize():f} exactly, "
            f"{self.cobsim} in cobsim and {self.declared} by the declared convention"
        )


def rounding_ties(case: Case, payments: Payments | None, rounding: Rounding) -> list[Tie]:
    """The ties of a case's adjudication (cobsim's ``payments``) that ``rounding`` rounds differently."""
    if payments is None or not payments.complete:
        return []
    rates = {c.id: c.benefits.coinsurance for c in case.coverages if c.benefits is not None and c.benefits.coinsurance}
    ties = []
    for eob in payments.eobs:
        rate = rates.get(eob.coverage)
        if rate is None:
            continue  # an unstated rate is Medicare's 20% Part B (never half a cent) or none at all
        for pl in eob.lines:
            if pl.allowed is None:
                continue
            base = pl.allowed - pl.copay - pl.deductible
            if base <= 0:
                continue
            ours, theirs = COBSIM_ROUNDING.split(base, rate), rounding.split(base, rate)
            if ours != theirs:
                ties.append(Tie(pl.line, eob.coverage, eob.rank, base * rate, ours, theirs))
    return ties


def allowance(ties: list[Tie], rank: int | None) -> Decimal:
    """How far an amount may move by ``ties``: a cent per tie at or before ``rank`` (None: the patient, every tie)."""
    return CENT * sum(1 for t in ties if rank is None or t.rank <= rank)


def allowable_expense_conflicts(
    case: dict[str, Any], order: list[str], reference: Callable[[], Payments | None], declared: str
) -> list[str]:
    """Why the amounts of ``case`` depend on an allowable-expense choice other than ``declared`` (empty: none).

    A candidate is a commercial plan after the first payer whose stated choice differs from ``declared``. With
    cobsim's trace of the case (``reference()``), a candidate conflicts when it paid by standard COB or with a
    benefit reserve (the methods that use the allowable expense); without one, every candidate does.
    """
    if declared == "per_case":
        return []
    coverages = {c.get("id"): c for c in case.get("coverages", []) if isinstance(c, dict)}
    commercial = {k.value for k in COMMERCIAL_KINDS}

    def chosen(cov_id: str) -> str:
        benefits = coverages.get(cov_id, {}).get("benefits") or {}
        return str(benefits.get("allowable_expense", AllowableExpense.NAIC.value))

    candidates = [c for c in order[1:] if coverages.get(c, {}).get("kind") in commercial and chosen(c) != declared]
    if not candidates:
        return []
    payments = reference()
    if payments is not None and payments.complete:
        methods = {e.coverage: e.method for e in payments.eobs if e.rank >= 2}
        found = [(c, methods[c]) for c in candidates if methods.get(c) in AE_METHODS]
    else:
        found = [(c, "its COB method") for c in candidates]
    return [
        f"{cov} pays after another payer by {method} against the allowable expense chosen as '{chosen(cov)}' "
        f"(NAIC MDL-120 §3A); the engine declared '{declared}'"
        for cov, method in found
    ]
