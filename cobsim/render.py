"""Renderers of a determination: rich tables for the terminal, prose for ``cobsim explain``, JSON data.

Renderers only read the determination and the case; they never decide anything.
"""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from cobsim.model.case import Case, Coverage
from cobsim.trace import Determination, Step

_ORDINALS = ["primary", "secondary", "tertiary", "fourth", "fifth", "sixth", "seventh", "eighth"]


def ordinal(rank: int) -> str:
    return _ORDINALS[rank - 1] if 0 < rank <= len(_ORDINALS) else f"payer {rank}"


def _who(case: Case, person_id: str) -> str:
    try:
        p = case.person(person_id)
    except KeyError:
        return person_id
    return p.name or p.id


def coverage_line(case: Case, cov: Coverage) -> str:
    """ "Aetna PPO - group plan, subscriber Maria (patient is child)"."""
    basis = f", {cov.effective_basis.value.replace('_', ' ')}" if cov.effective_basis else ""
    rel = "" if cov.relationship.value == "self" else f", patient is {cov.relationship.value.replace('_', ' ')}"
    return f"{cov.label} - {cov.kind.value.replace('_', ' ')}{basis}, subscriber {_who(case, cov.subscriber)}{rel}"


def _cite(step: Step) -> str:
    c = step.citations[0]
    return f"{c.source} {c.pinpoint}".strip()


def tables(det: Determination, case: Case, *, verbose: bool = False) -> Group:
    """The determination as rich tables: order, coverages not taking part, and the trace."""
    title = f"{det.case_id} - service date {det.service_date} - {det.ruleset.value} - {det.status.value}"
    order = Table(title=escape(title), title_justify="left", expand=False)
    order.add_column("rank", justify="right")
    order.add_column("coverage")
    order.add_column("who and how")
    order.add_column("notes")
    for p in det.positions:
        cov = case.coverage(p.coverage)
        rank = ordinal(p.rank) + (" (shared)" if p.shares_with else "")
        notes = "; ".join(p.notes) + (" [conditional]" if p.conditional else "")
        order.add_row(rank, Text(p.coverage), Text(coverage_line(case, cov)), Text(notes))
    parts: list[Any] = [order]
    if det.reasons:
        parts.append(Text("\n".join(det.reasons), style="bold yellow"))
    billing = [f"{p.coverage}: {p.for_biller}" for p in det.positions if p.for_biller] + list(det.next_steps)
    if billing:
        parts.append(Text("For the biller:\n" + "\n".join(f"- {x}" for x in billing)))
    if det.excluded:
        ex = Table(title="Not taking part", title_justify="left")
        ex.add_column("coverage")
        ex.add_column("rule")
        ex.add_column("why")
        for e in det.excluded:
            ex.add_row(Text(e.coverage), e.rule, Text(e.reason))
        parts.append(ex)
    if det.payments is not None:
        parts.extend(money_tables(det))
    trace = Table(title="Trace", title_justify="left")
    trace.add_column("#", justify="right")
    trace.add_column("rule")
    trace.add_column("outcome")
    trace.add_column("explanation")
    trace.add_column("citation")
    for i, s in enumerate(det.steps, start=1):
        if s.outcome == "note" and not verbose:
            continue
        expl = s.explanation + (f" [choice: {s.choice}]" if s.choice else "")
        trace.add_row(str(i), s.rule, s.outcome, Text(expl), Text(_cite(s)))
    parts.append(trace)
    return Group(*parts)


def _m(x: object) -> str:
    return "" if x is None else f"{x:,.2f}" if not isinstance(x, str) else x


def money_tables(det: Determination) -> list[Any]:
    """One EOB-like table per payer, then the claim's balance."""
    pay = det.payments
    if pay is None:
        return []
    if not pay.complete:
        return [Text("Payments not computed: " + " ".join(pay.reasons), style="yellow")]
    parts: list[Any] = []
    for eob in pay.eobs:
        t = Table(
            title=escape(f"EOB {ordinal(eob.rank)}: {eob.label} [{eob.coverage}] - {eob.method}"), title_justify="left"
        )
        for col in (
            "line",
            "billed",
            "allowed",
            "AE",
            "deductible",
            "coins",
            "copay",
            "prior paid",
            "paid",
            "patient after",
            "adjustments",
        ):
            t.add_column(col, justify="left" if col in ("line", "adjustments") else "right")
        for pl in eob.lines:
            adj = " ".join(f"{a.group}-{a.reason} {a.amount:,.2f}" for a in pl.adjustments)
            t.add_row(
                pl.line,
                _m(pl.billed),
                _m(pl.allowed),
                _m(pl.allowable_expense),
                _m(pl.deductible),
                _m(pl.coinsurance),
                _m(pl.copay),
                _m(pl.prior_paid),
                _m(pl.paid),
                _m(pl.patient_after),
                adj,
            )
        t.add_row("total", "", "", "", _m(eob.deductible_credited), "", "", "", _m(eob.paid), _m(eob.patient_after), "")
        parts.append(t)
    summary = Table(title="Claim balance", title_justify="left")
    summary.add_column("billed", justify="right")
    for eob in pay.eobs:
        summary.add_column(escape(f"paid by {eob.coverage}"), justify="right")
    summary.add_column("patient owes", justify="right")
    summary.add_column("provider write-off", justify="right")
    summary.add_row(_m(pay.billed), *[_m(e.paid) for e in pay.eobs], _m(pay.patient), _m(pay.write_off))
    parts.append(summary)
    return parts


def prose(det: Determination, case: Case) -> str:
    """The determination as plain prose for a trainee: the answer, then each step with its citation."""
    lines: list[str] = []
    patient = _who(case, case.claim.patient)
    lines.append(
        f"Case {det.case_id}: claim for {patient}, service date {det.service_date} ({det.ruleset.value} rules)."
    )
    if det.positions:
        order = ", then ".join(
            f"{p.label} [{p.coverage}]" + (" (sharing equally)" if p.shares_with else "") for p in det.positions
        )
        lines.append(f"Payer order: {order}.")
    else:
        lines.append("No coverage takes part in this claim.")
    if det.status.value != "determined":
        lines.append(f"Status: {det.status.value}. " + " ".join(det.reasons))
    lines.append("")
    lines.append("Why:")
    n = 0
    for s in det.steps:
        said = s.explanation.rstrip(".").lower()
        if s.outcome == "note" and any(said in (n.lower() for n in p.notes) for p in det.positions):
            continue  # notes on a position are listed under "For the biller"
        n += 1
        cite = "; ".join(f"{c.source} {c.pinpoint}".strip() for c in s.citations)
        lines.append(f"{n}. {s.explanation}")
        lines.append(f"   Rule {s.rule} ({s.title}) - {cite}.")
        if s.choice:
            lines.append(f"   Documented choice: {s.choice}")
    pay = det.payments
    if pay is not None and pay.complete:
        lines.append("")
        lines.append("Money:")
        for eob in pay.eobs:
            lines.append(
                f"- {eob.label} [{eob.coverage}] pays ${eob.paid:,.2f}; the patient then owes ${eob.patient_after:,.2f}."
            )
        lines.append(
            f"Billed ${pay.billed:,.2f}: payers ${sum(pay.paid.values()):,.2f}, patient ${pay.patient:,.2f}, "
            f"provider write-off ${pay.write_off:,.2f}."
        )
    elif pay is not None:
        lines.append("")
        lines.append("Payments not computed: " + " ".join(pay.reasons))
    notes = [(p, note) for p in det.positions for note in (p.for_biller, *p.notes) if note]
    if notes or det.next_steps:
        lines.append("")
        lines.append("For the biller:")
        for p, note in notes:
            lines.append(f"- {p.coverage}: {note}")
        for step in det.next_steps:
            lines.append(f"- {step}")
    return "\n".join(lines) + "\n"


def determination_data(det: Determination) -> dict[str, Any]:
    """The determination as JSON data, with the flat order list first-class."""
    data: dict[str, Any] = det.model_dump(mode="json")
    data["order"] = list(det.order)
    data["deciding_rules"] = list(det.deciding_rules)
    return data
