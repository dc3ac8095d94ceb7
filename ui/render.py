"""Rendering helpers shared by the pages. User-supplied text is shown as plain text or in tables - never as
HTML, and escaped where Markdown would otherwise interpret it."""

from __future__ import annotations

import re
from typing import Any

import streamlit as st

from cobsim.graph import payer_graph, to_dot
from cobsim.model.case import Case
from cobsim.render import ordinal
from cobsim.trace import Determination

_MD = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$])")


def md(text: str) -> str:
    """Escape Markdown so user text shows literally."""
    return _MD.sub(r"\\\1", text)


def biller_view(view: dict[str, Any]) -> None:
    """Registration, insurance cards, custody, accident, and the primary's EOB when the question needs it."""
    st.markdown(f"**Patient:** {md(str(view['patient']))} - **service date:** {view['service date']}")
    st.dataframe(view["people"], hide_index=True)
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
        st.dataframe(view["primary EOB"], hide_index=True)
        st.markdown("**Secondary benefits**")
        st.dataframe(view["secondary benefits"], hide_index=True)


def determination(case: Case, det: Determination) -> None:
    """Order, exclusions, trace, money and the payer-chain graph."""
    st.markdown(f"**Status:** {det.status.value}")
    for reason in det.reasons:
        st.warning(reason)
    rows = [
        {
            "rank": ordinal(p.rank) + (" (shared)" if p.shares_with else ""),
            "coverage": p.coverage,
            "payer": p.label,
            "notes": "; ".join(p.notes) + (" [conditional]" if p.conditional else ""),
        }
        for p in det.positions
    ]
    st.dataframe(rows, hide_index=True)
    if det.excluded:
        st.markdown("**Not taking part**")
        st.dataframe([{"coverage": e.coverage, "rule": e.rule, "why": e.reason} for e in det.excluded], hide_index=True)
    st.markdown("**Trace**")
    st.dataframe(
        [
            {
                "rule": s.rule,
                "outcome": s.outcome,
                "explanation": s.explanation,
                "citation": f"{s.citations[0].source} {s.citations[0].pinpoint}",
            }
            for s in det.steps
            if s.outcome != "note"
        ],
        hide_index=True,
    )
    pay = det.payments
    if pay is not None and pay.complete:
        st.markdown("**Money**")
        for eob in pay.eobs:
            st.markdown(f"EOB {ordinal(eob.rank)}: {md(eob.label)} ({eob.method}) - pays **${eob.paid:,.2f}**")
            st.dataframe(
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
                ],
                hide_index=True,
            )
        st.markdown(
            f"Billed ${pay.billed:,.2f} = payers ${sum(pay.paid.values()):,.2f} + patient ${pay.patient:,.2f} "
            f"+ write-off ${pay.write_off:,.2f}"
        )
    elif pay is not None:
        st.info("Payments not computed: " + " ".join(pay.reasons))
    graph(case, det)


def graph(case: Case, det: Determination) -> None:
    st.graphviz_chart(to_dot(payer_graph(case, det)), width="stretch")
