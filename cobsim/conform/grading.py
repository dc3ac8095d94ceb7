"""Grading one answer against a fixture: status-aware, part by part, each difference blamed on the rule behind it.

A case has up to two parts:

* **order** (order track only): the expected *status* first. An expected ``indeterminate`` passes only an engine
  that says ``indeterminate``; an expected ``shared`` only one that says ``shared``, names the coverages that
  share (the same as cobsim's), and gives the order with them adjacent; an expected ``determined`` order must be
  given exactly. A case whose expected status the engine declared it cannot say is ``skip`` (before it is sent).
* **amounts** (both tracks, when the fixture has amounts): each payer's payment and the patient's balance, to within
  ``tolerance`` and the allowance of a declared rounding convention (:mod:`cobsim.conform.conventions`). In the
  order track the amounts are graded only when the engine gave some and its order is right (amounts on a wrong
  order differ for that reason alone); in the payments track they are required.

The case is ``error`` when the engine failed on it, ``fail`` when a part fails, ``pass`` when a part passes and
none fails, and ``skip`` when nothing could be graded. A wrong order is blamed on the case's participation and order
rules; a wrong amount on the payment method of that payer alone (found in cobsim's adjudication of the case), with
its citation; a wrong patient balance on no method (it follows from the payments and the collection limits).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from cobsim.conform.conventions import Conventions, allowable_expense_conflicts, allowance, rounding_ties
from cobsim.conform.engines import Reply
from cobsim.conform.fixtures import Fixture
from cobsim.conform.protocol import PROTOCOL_1, Answer, Handshake, ProtocolError, Track, parse_answer
from cobsim.rules.base import RuleKind
from cobsim.rules.registry import RULES_BY_ID
from cobsim.trace import Payments

Status = Literal["pass", "fail", "error", "skip"]
STATUSES: tuple[Status, ...] = ("pass", "fail", "error", "skip")
PARTS = ("order", "amounts")
DECIDING = (RuleKind.PARTICIPATION, RuleKind.ORDER)


@dataclass(frozen=True)
class Settings:
    """How answers are graded: the track, the tolerance, and what the engine declared of itself."""

    track: Track = "order"
    tolerance: Decimal = Decimal("0.00")
    protocol: str = PROTOCOL_1
    statuses: frozenset[str] = frozenset({"determined"})
    conventions: Conventions = field(default_factory=Conventions)
    families: frozenset[str] | None = None

    @classmethod
    def of(cls, handshake: Handshake, track: Track = "order", tolerance: Decimal = Decimal("0.00")) -> Settings:
        return cls(track, tolerance, handshake.protocol, handshake.statuses, handshake.conventions, handshake.families)


@dataclass
class Diff:
    """One difference between the engine's answer and the fixture's."""

    part: str  #: "order" or "amounts"
    text: str
    coverage: str | None = None
    rule: str | None = None  #: the payment method blamed (amount differences)

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"part": self.part, "text": self.text, "coverage": self.coverage}
        if self.rule is not None:
            rule = RULES_BY_ID[self.rule]
            out["rule"] = {"id": self.rule, "title": rule.title, "citation": str(rule.citation)}
        return out


@dataclass
class Grade:
    """The grade of one case."""

    status: Status
    reason: str
    parts: dict[str, Status] = field(default_factory=dict)  #: the parts graded (or skipped), by name
    diffs: list[Diff] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    answer: Answer | None = None


def skip_before_sending(fx: Fixture, settings: Settings) -> str | None:
    """Why a case is not sent at all (``skip``), or None."""
    if settings.families is not None:
        missing = sorted(fx.families - settings.families)
        if missing:
            return f"needs rule families the engine does not support: {', '.join(missing)}"
    if settings.track == "payments":
        if not fx.has_amounts:
            return "the case has no amounts, so there is nothing to grade in the payments track"
        if fx.status == "indeterminate":
            return "the expected order is indeterminate, so there is no reference order to pay by"
        if fx.status == "shared" and ranks(fx) is None:
            return f"the fixture does not say which coverages share a rank ({fx.reference_note()})"
        return None
    if fx.status not in settings.statuses:
        said = "; it speaks cobsim-conform/1" if settings.protocol == PROTOCOL_1 else ""
        return f"the expected answer is {fx.status}, which the engine declared it cannot say{said}"
    return None


def ranks(fx: Fixture) -> list[list[str]] | None:
    """The reference payers by rank (those that share a rank together); None when a shared rank is unknown."""
    if fx.status != "shared":
        return [[c] for c in fx.order]
    ref = fx.reference()
    return None if ref is None else ref.ranks


def reference_message(fx: Fixture) -> dict[str, object]:
    """The reference a payments-track engine is given with the case."""
    ref: dict[str, object] = {"order": fx.order, "status": fx.status, "ranks": ranks(fx)}
    for key in ("not_taking_part", "conditional"):
        if fx.expected.get(key):
            ref[key] = list(fx.expected[key])
    return ref


def grade(fx: Fixture, reply: Reply, settings: Settings, *, explain: bool = True) -> Grade:
    """Grade the engine's reply to ``fx``; ``explain=False`` skips naming the payment method behind a wrong amount
    (which adjudicates the case again) when only the status matters."""
    if reply.error is not None:
        return Grade("error", "; ".join([reply.error, *reply.notes]))
    try:
        answer = parse_answer(reply.data, fx.id, settings.protocol, settings.track)
    except ProtocolError as exc:
        return Grade("error", "; ".join([str(exc), *reply.notes]))
    if answer.error is not None:
        return Grade("error", f"the engine reported an error: {answer.error}", answer=answer)
    g = Grade("skip", "", answer=answer)
    if settings.track == "order":
        status, diffs = _grade_order(fx, answer)
        g.parts["order"] = status
        g.diffs += diffs
        if status == "fail":
            if fx.has_amounts and (answer.payments is not None or answer.patient_owes is not None):
                g.notes.append("amounts not graded: the payer order differs")
        else:
            _grade_amounts(fx, answer, settings, g, explain)
    else:
        _grade_amounts(fx, answer, settings, g, explain)
    if reply.notes:
        g.status, g.reason = "error", "; ".join(reply.notes)
    elif "fail" in g.parts.values():
        g.status, g.reason = "fail", g.diffs[0].text if g.diffs else "differs"
    elif "pass" in g.parts.values():
        g.status, g.reason = "pass", "matches" + (f" ({'; '.join(g.notes)})" if g.notes else "")
    else:
        g.status, g.reason = "skip", "; ".join(g.notes) or "nothing to grade"
    return g


def _arrow(ids: list[str] | None) -> str:
    return " > ".join(ids) if ids else "(none)"


def _canonical(order: list[str], shared: set[str]) -> list[object]:
    """``order`` with each run of sharing coverages replaced by the run's sorted set."""
    out: list[object] = []
    run: list[str] = []
    for c in [*order, None]:
        if c is not None and c in shared:
            run.append(c)
            continue
        if run:
            out.append(tuple(sorted(run)))
            run = []
        if c is not None:
            out.append(c)
    return out


def _grade_order(fx: Fixture, ans: Answer) -> tuple[Status, list[Diff]]:
    want, said = fx.status, ans.status
    if want == "indeterminate":
        if said == "indeterminate":
            return "pass", []
        text = f"status: expected indeterminate (no rule orders these coverages), got {said} {_arrow(ans.order)}"
        return "fail", [Diff("order", text)]
    if said != want:
        text = f"status: expected {want} {_arrow(fx.order)}, got {said}"
        if ans.coverages:
            text += f" (coverages {', '.join(ans.coverages)})"
        return "fail", [Diff("order", text)]
    got = ans.order or []
    if want == "determined":
        if got != fx.order:
            text = f"order: expected {_arrow(fx.order)}, got {_arrow(got)}"
            return "fail", [Diff("order", text)]
        return "pass", []
    groups = ranks(fx)
    expected_shared = {c for g in groups or [] if len(g) > 1 for c in g} if groups is not None else None
    said_shared = set(ans.coverages or [])
    if len(said_shared) < 2:
        text = "shared: the answer must name the coverages that share a rank ('coverages')"
        return "fail", [Diff("order", text)]
    if expected_shared is not None and said_shared != expected_shared:
        text = f"shared: expected {', '.join(sorted(expected_shared))} to share, got {', '.join(sorted(said_shared))}"
        return "fail", [Diff("order", text)]
    if _canonical(got, said_shared) != _canonical(fx.order, said_shared):
        text = f"order: expected {_arrow(fx.order)} (sharing: {', '.join(sorted(said_shared))}), got {_arrow(got)}"
        return "fail", [Diff("order", text)]
    return "pass", []


def _method_of(fx: Fixture, coverage: str) -> str | None:
    ref = fx.reference()
    if ref is None or ref.payments is None:
        return None
    for eob in ref.payments.eobs:
        if eob.coverage == coverage:
            return eob.method if eob.method in RULES_BY_ID else None
    return None


def _grade_amounts(fx: Fixture, ans: Answer, settings: Settings, g: Grade, explain: bool) -> None:
    if not fx.has_amounts:
        return
    if ans.payments is None and ans.patient_owes is None:
        g.notes.append("amounts not answered")
        return
    declared = settings.conventions.allowable_expense
    conflicts = (
        allowable_expense_conflicts(fx.case, fx.order, lambda: _ref_payments(fx), declared)
        if declared != "per_case"  # no conflict: the engine follows each case's choice
        else None
    )
    if conflicts:
        g.parts["amounts"] = "skip"
        g.notes.append("amounts not graded: " + "; ".join(conflicts))
        return
    tol = settings.tolerance
    want = {k: Decimal(v) for k, v in (fx.expected.get("payments") or {}).items()}
    paid = ans.payments
    over: list[tuple[str | None, Decimal, Decimal]] = []  #: (coverage or None for the patient, expected, got)
    diffs: list[Diff] = []
    for cov, exp in want.items():
        got = None if paid is None else paid.get(cov)
        if paid is not None and got is None:
            diffs.append(Diff("amounts", f"{cov} pays: expected {exp}, the answer gives no amount", cov))
        elif got is not None and abs(got - exp) > tol:
            over.append((cov, exp, got))
    for cov, got in (paid or {}).items():
        if cov not in want and got != 0:
            diffs.append(Diff("amounts", f"{cov} pays {got}, but it is not a payer of the claim in the reference", cov))
    exp_owes = fx.expected.get("patient_owes")
    if exp_owes is not None and ans.patient_owes is not None and abs(ans.patient_owes - Decimal(exp_owes)) > tol:
        over.append((None, Decimal(exp_owes), ans.patient_owes))
    if over and settings.conventions.rounding_differs:
        over = _within_rounding(fx, over, settings, g)
    for cov, exp, got in over:
        if cov is None:
            diffs.append(Diff("amounts", f"patient owes: expected {exp}, got {got}"))
        else:
            diffs.append(Diff("amounts", f"{cov} pays: expected {exp}, got {got}", cov))
    for d in diffs if explain else []:
        if d.coverage is not None and d.coverage in want:
            d.rule = _method_of(fx, d.coverage)
            if d.rule is not None:
                d.text += f" - by {d.rule} ({RULES_BY_ID[d.rule].citation})"
            else:
                d.text += f" - payment method not known: {fx.reference_note()}"
    g.parts["amounts"] = "fail" if diffs else "pass"
    g.diffs += diffs


def _ref_payments(fx: Fixture) -> Payments | None:
    ref = fx.reference()
    return None if ref is None else ref.payments


def _within_rounding(
    fx: Fixture, over: list[tuple[str | None, Decimal, Decimal]], settings: Settings, g: Grade
) -> list[tuple[str | None, Decimal, Decimal]]:
    """The differences a declared rounding convention does not explain; notes for those it does."""
    ref = fx.reference()
    if ref is None:
        g.notes.append(f"no rounding allowance: {fx.reference_note()}")
        return over
    ties = rounding_ties(ref.case, ref.payments, settings.conventions.rounding)
    left = []
    for cov, exp, got in over:
        rank = fx.order.index(cov) + 1 if cov is not None and cov in fx.order else None
        room = allowance(ties, rank) + settings.tolerance
        if ties and abs(got - exp) <= room:
            who = cov or "the patient's balance"
            g.notes.append(
                f"{who} is {got} against {exp}, within the {settings.conventions.rounding.describe()} "
                f"({'; '.join(t.text() for t in ties if rank is None or t.rank <= rank)})"
            )
        else:
            left.append((cov, exp, got))
    return left
