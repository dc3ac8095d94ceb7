"""Rendering helpers shared by the pages. User-supplied text is shown as plain text or in tables - never as
HTML, and escaped where Markdown would otherwise interpret it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import streamlit as st

from cobsim.graph import payer_graph, to_dot
from cobsim.model.case import Case
from cobsim.render import ordinal
from cobsim.trace import Determination

_MD = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$])")

#: below this width (CSS px) the payer graph is drawn top-to-bottom, payers only
NARROW = 700

_CSS = f"""
<style>
[class*="st-key-graph-narrow"] {{ display: none; }}
@media (max-width: {NARROW}px) {{
  [class*="st-key-graph-wide"] {{ display: none; }}
  [class*="st-key-graph-narrow"] {{ display: block; }}
}}
.stMarkdown table {{ width: 100%; table-layout: auto; }}
.stMarkdown td, .stMarkdown th {{ white-space: normal; overflow-wrap: anywhere; vertical-align: top; }}
</style>
"""


def md(text: str) -> str:
    """Escape Markdown so user text shows literally."""
    return _MD.sub(r"\\\1", text)


def styles() -> None:
    """The app's few CSS rules: wrapping tables, and which payer graph shows at which width."""
    st.html(_CSS)


def table(rows: Sequence[dict[str, Any]], *, columns: Sequence[str] | None = None) -> None:
    """A table whose cells wrap (a Markdown table): nothing is cut off on a narrow screen. Text is escaped."""
    if not rows:
        return
    cols = list(columns or rows[0].keys())

    def cell(value: Any) -> str:
        text = "" if value is None else str(value)
        return md(text).replace("\n", " ")

    lines = ["| " + " | ".join(md(c) for c in cols) + " |", "|" + "---|" * len(cols)]
    lines += ["| " + " | ".join(cell(r.get(c)) for c in cols) + " |" for r in rows]
    st.markdown("\n".join(lines))


def biller_view(view: dict[str, Any]) -> None:
    """Registration, insurance cards, custody, accident, and the primary's EOB when the question needs it."""
    st.markdown(f"**Patient:** {md(str(view['patient']))} - **service date:** {view['service date']}")
    table(view["people"])
    if "parents" in view:
        st.markdown(f"**Parents:** {md(str(view['parents']))}")
    if "accident" in view:
        st.markdown(f"**Accident:** {md(str(view['accident']))}")
    st.markdown("**Insurance cards**")
    cards = view["cards"]
    columns = st.columns(min(len(cards), 3) or 1)
    for i, card in enumerate(cards):
        with columns[i % len(columns)], st.container(border=True):
            st.markdown(f"**{md(str(card['payer']))}**")
            for key, value in card.items():
                if key not in ("payer", "coverage") and value:
                    st.text(f"{key}: {value}")
    if "primary EOB" in view:
        st.markdown("**Primary's EOB**")
        table(view["primary EOB"])
        st.markdown("**Secondary benefits**")
        table(view["secondary benefits"])


def steps(det: Determination) -> None:
    """The trace as a numbered list: rule, what it found, the citation."""
    lines = []
    for i, s in enumerate((s for s in det.steps if s.outcome != "note"), start=1):
        cite = "; ".join(f"{c.source} {c.pinpoint}".strip() for c in s.citations)
        lines.append(f"{i}. **{md(s.title)}** (`{s.rule}`, {md(s.outcome)}): {md(s.explanation)} *{md(cite)}*")
    st.markdown("\n".join(lines) or "No rule was needed: only one coverage takes part.")


def determination(case: Case, det: Determination, *, key: str = "det") -> None:
    """Order, exclusions, trace, money and the payer-chain graph."""
    st.markdown(f"**Status:** {det.status.value}")
    for reason in det.reasons:
        st.warning(md(reason))
    rows = [
        {
            "rank": ordinal(p.rank) + (" (shared)" if p.shares_with else ""),
            "coverage": p.coverage,
            "payer": p.label,
            "notes": "; ".join(p.notes) + (" [conditional]" if p.conditional else ""),
        }
        for p in det.positions
    ]
    table(rows)
    if det.excluded:
        st.markdown("**Not taking part**")
        table([{"coverage": e.coverage, "rule": e.rule, "why": e.reason} for e in det.excluded])
    st.markdown("**Trace**")
    steps(det)
    pay = det.payments
    if pay is not None and pay.complete:
        st.markdown("**Money**")
        for eob in pay.eobs:
            st.markdown(f"EOB {ordinal(eob.rank)}: {md(eob.label)} ({eob.method}) - pays **${eob.paid:,.2f}**")
            table(
                [
                    {
                        "line": pl.line,
                        "billed": f"{pl.billed:,.2f}",
                        "allowed": "" if pl.allowed is None else f"{pl.allowed:,.2f}",
                        "paid": f"{pl.paid:,.2f}",
                        "patient after": f"{pl.patient_after:,.2f}",
                        "adjustments": " ".join(f"{a.group}-{a.reason} {a.amount:,.2f}" for a in pl.adjustments),
                    }
                    for pl in eob.lines
                ]
            )
        st.markdown(
            f"Billed ${pay.billed:,.2f} = payers ${sum(pay.paid.values()):,.2f} + patient ${pay.patient:,.2f} "
            f"+ write-off ${pay.write_off:,.2f}"
        )
    elif pay is not None:
        st.info("Payments not computed: " + md(" ".join(pay.reasons)))
    graph(case, det, key=key)


def _restyle(dot: str, *, rankdir: str) -> str:
    """Bigger text for the screen (node 16 pt, edge 14 pt) and the given direction."""
    dot = dot.replace("rankdir=LR", f"rankdir={rankdir}")
    dot = dot.replace("fontsize=9", "fontsize=14").replace("fontsize=10", "fontsize=14")
    return dot.replace("\n  edge [", "\n  node [fontsize=16];\n  edge [", 1)


def chain_text(case: Case, det: Determination) -> str:
    """The payer chain as a numbered list: the graph's text alternative."""
    pay = det.payments if det.payments is not None and det.payments.complete else None
    paid = {e.coverage: e.paid for e in pay.eobs} if pay else {}
    lines = []
    for p in det.positions:
        cov = case.coverage(p.coverage)
        money = f" - pays ${paid[p.coverage]:,.2f}" if p.coverage in paid else ""
        shared = " (shares the rank)" if p.shares_with else ""
        lines.append(f"{p.rank}. {md(cov.label)} ({md(cov.kind.value.replace('_', ' '))}){shared}{money}")
    for e in det.excluded:
        lines.append(f"- not taking part: {md(case.coverage(e.coverage).label)} - {md(e.reason)}")
    lines.append(f"- the patient owes {'$' + format(pay.patient, ',.2f') if pay else 'the rest'}")
    return "\n".join(lines)


def graph(case: Case, det: Determination, *, key: str = "g") -> None:
    """The payer chain: a left-to-right graph with the family on a wide screen; on a narrow one, the payers
    only, top to bottom; and the chain as a list for screen readers and small screens."""
    g = payer_graph(case, det)
    payers = g.subgraph([n for n, d in g.nodes(data=True) if d["kind"] in ("coverage", "balance")])
    with st.container(key=f"graph-wide-{key}"):
        st.graphviz_chart(_restyle(to_dot(g), rankdir="LR"), width="stretch")
    with st.container(key=f"graph-narrow-{key}"):
        st.graphviz_chart(_restyle(to_dot(payers), rankdir="TB"), width="stretch")
    with st.expander("The payer chain as a list", expanded=False):
        st.markdown(chain_text(case, det))
