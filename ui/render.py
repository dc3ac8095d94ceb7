"""Rendering helpers shared by the pages. User-supplied text is shown as plain text or in tables - never as
HTML, and escaped where Markdown would otherwise interpret it."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence
from typing import Any

import streamlit as st

from cobsim.graph import payer_graph, to_dot
from cobsim.model.case import Case
from cobsim.render import ordinal
from cobsim.trace import Determination

_MD = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$])")

_CSS = """
<style>
.stMarkdown table { width: 100%; table-layout: auto; }
.stMarkdown td, .stMarkdown th { white-space: normal; overflow-wrap: break-word; vertical-align: top; }
/* the whole-family graph needs width: on a phone the chain graph and its list stand alone */
@media (max-width: 640px) { [class*="st-key-family-graph"] { display: none; } }
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
        lines = [f"**{md(str(card['payer']))}**"]
        lines += [
            f"{md(key)}: {md(str(value))}" for key, value in card.items() if key not in ("payer", "coverage") and value
        ]
        with columns[i % len(columns)], st.container(border=True):
            st.markdown("  \n".join(lines))  # one element per card: lighter to send to a class at once
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


_FILL = ("#cfe8cf", "#d6e4f5", "#f5ecd0", "#eadcf2", "#f0f0f0")


def _dot_text(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def chain_dot(case: Case, det: Determination) -> str:
    """The payer chain alone, top to bottom: one box per paying coverage (with the rule that put it there), then
    the patient's balance. Narrow enough for a phone at full text size (16 pt)."""
    g = payer_graph(case, det)
    nodes = {d["coverage"]: n for n, d in g.nodes(data=True) if d["kind"] == "coverage"}
    rule_into = {b: d.get("rule", "") for a, b, d in g.edges(data=True) if d["kind"] == "chain"}
    lines = [
        "digraph chain {",
        '  graph [rankdir=TB, nodesep=0.3, ranksep=0.3, fontname="Helvetica"];',
        '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=16, margin="0.18,0.08"];',
        '  edge [color="#2f6f3e", penwidth=2, arrowsize=0.9];',
    ]
    chain = [nodes[c] for c in det.order if c in nodes]
    for i, node in enumerate(chain):
        data = g.nodes[node]
        label = data["label"]
        if i and rule_into.get(node):
            label += f"\nordered by {rule_into[node]}"
        label = "\n".join(w for line in label.split("\n") for w in textwrap.wrap(line, 26) or [""])
        fill = _FILL[min(data["rank"] or 1, len(_FILL)) - 1]
        lines.append(f'  {node} [label={_dot_text(label)}, fillcolor="{fill}"];')
    lines.append(f'  bal [label={_dot_text(g.nodes["bal"]["label"])}, shape=ellipse, fillcolor="#fde2e2"];')
    for a, b in zip(chain, [*chain[1:], "bal"], strict=True):
        lines.append(f"  {a} -> {b};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _family_dot(dot: str) -> str:
    """The whole graph (family, subscribers, payers) top to bottom with screen-sized text."""
    dot = dot.replace("rankdir=LR", "rankdir=TB")
    dot = dot.replace("fontsize=9", "fontsize=14").replace("fontsize=10", "fontsize=14")
    return dot.replace("\n  edge [", "\n  node [fontsize=16];\n  edge [", 1)


def chain_text(case: Case, det: Determination, *, markdown: bool = True) -> str:
    """The payer chain as a numbered list: the graph's text alternative."""
    esc = md if markdown else str
    pay = det.payments if det.payments is not None and det.payments.complete else None
    paid = {e.coverage: e.paid for e in pay.eobs} if pay else {}
    lines = []
    for p in det.positions:
        cov = case.coverage(p.coverage)
        money = f" - pays ${paid[p.coverage]:,.2f}" if p.coverage in paid else ""
        shared = " (shares the rank)" if p.shares_with else ""
        lines.append(f"{p.rank}. {esc(cov.label)} ({esc(cov.kind.value.replace('_', ' '))}){shared}{money}")
    for e in det.excluded:
        lines.append(f"- not taking part: {esc(case.coverage(e.coverage).label)} - {esc(e.reason)}")
    lines.append(f"- the patient owes {'$' + format(pay.patient, ',.2f') if pay else 'the rest'}")
    return "\n".join(lines)


def graph(case: Case, det: Determination, *, key: str = "g") -> None:
    """The payer chain top to bottom at full text size on any screen, the chain as a list (its text
    alternative), and the whole family graph on request."""
    with st.container(key=f"graph-chain-{key}"):
        if det.order:
            st.graphviz_chart(chain_dot(case, det), width="content", alt=chain_text(case, det, markdown=False))
        st.markdown(chain_text(case, det))
    with (
        st.container(key=f"family-graph-{key}"),
        st.expander("The whole family: who holds each plan", expanded=False),
    ):
        st.graphviz_chart(_family_dot(to_dot(payer_graph(case, det))), width="content")
