"""One quiz question on screen, and its feedback: the only place that draws a question.

``render_question`` shows the prompt, the insurance cards, the facts panel and the answer widgets, and returns
the answer the trainee is giving (a choice key, or two amounts). ``render_feedback`` shows the verdict, why the
right answer is right, why the chosen option is wrong *here* (with the fact that shows it), the money walked payer
by payer, the primary source, the payer chain in trainee words, and - folded away - a line for instructors with
the rule ids. Everything a trainee reads is plain text escaped for Markdown; no internal id reaches the screen
outside the instructors' line.
"""

from __future__ import annotations

import itertools
import textwrap
from collections import OrderedDict

import streamlit as st

from cobsim.model.case import Case
from cobsim.rules.registry import RULES_BY_ID
from cobsim.services.curriculum import QuestionKind
from cobsim.services.facts import Fact, Names, case_facts
from cobsim.services.quiz import Grade, Question
from cobsim.trace import Determination
from ui.render import md

#: Panel groups shown first, in this order; the others follow in the order the question lists them.
_FIRST = ("Claim", "People")


def _grouped(facts: tuple[Fact, ...]) -> OrderedDict[str, list[Fact]]:
    out: OrderedDict[str, list[Fact]] = OrderedDict()
    for f in facts:
        out.setdefault(f.group, []).append(f)
    return out


def _panel(facts: tuple[Fact, ...]) -> None:
    groups = _grouped(facts)
    for name in [g for g in _FIRST if g in groups] + [g for g in groups if g not in _FIRST]:
        lines = groups[name]
        if name == "People":
            st.markdown("**People**")
            st.dataframe(
                [{"name": f.label, "who": f.value} for f in lines],
                hide_index=True,
                width="stretch",
            )
            continue
        st.markdown(f"**{md(name)}**")
        st.markdown("\n".join(f"- {md(f.label)}: {md(f.value)}" for f in lines))


def _cards(facts: tuple[Fact, ...]) -> None:
    cards: OrderedDict[str, list[Fact]] = OrderedDict()
    for f in facts:
        cards.setdefault(f.card or "", []).append(f)
    if not cards:
        return
    st.markdown("**Insurance cards**")
    columns = st.columns(min(len(cards), 3))
    for i, lines in enumerate(cards.values()):
        with columns[i % len(columns)], st.container(border=True):
            st.markdown(f"**{md(lines[0].group)}**")
            st.markdown("\n".join(f"- {md(f.label)}: {md(f.value)}" for f in lines))


def _amount_labels(question: Question) -> tuple[str, str]:
    names = Names(question.case)
    payer = names(question.secondary) if question.secondary else "The payer"
    return f"{payer} pays ($)", "The patient still owes ($)"


def render_question(
    question: Question,
    *,
    key: str | None = None,
    answer: bool = True,
    disabled: bool = False,
    show_hint: bool = False,
) -> object:
    """Draw the question and, unless ``answer`` is false, its answer widgets; returns the answer being given
    (``None`` until chosen).

    Widget keys: ``choice-<key>`` for options, ``paid-<key>`` and ``owes-<key>`` for the two amounts (``key``
    defaults to the question's id).
    """
    key = key or question.id
    st.subheader(md(question.prompt))
    _cards(question.cards)
    with st.container(border=True):
        st.markdown("**Facts on file**")
        _panel(question.panel)
    if show_hint and question.hint:
        with st.expander("Hint", expanded=False):
            st.markdown(md(question.hint))
    if not answer:
        return None
    if question.kind is QuestionKind.PAYMENT:
        first, second = _amount_labels(question)
        paid = st.text_input(first, key=f"paid-{key}", disabled=disabled)
        owes = st.text_input(second, key=f"owes-{key}", disabled=disabled)
        return (paid, owes)
    texts = {c.key: md(c.text) for c in question.choices}
    return st.radio(
        "Your answer",
        list(texts),
        format_func=texts.__getitem__,
        index=None,
        key=f"choice-{key}",
        disabled=disabled,
    )


def render_case(case: Case, det: Determination) -> None:
    """A solved case's cards and facts (a worked example): what the deciding steps read, in trainee words."""
    money = det.payments is not None and det.payments.complete
    facts = case_facts(case, det, money=money)
    _cards(tuple(f for f in facts if f.card is not None))
    with st.container(border=True):
        st.markdown("**Facts on file**")
        _panel(tuple(f for f in facts if f.card is None))


def trainee_graph(question: Question) -> str:
    """The payer chain as DOT, in trainee words: coverage names, and the title of the rule on each link."""
    return case_graph(question.case, question.determination)


def render_chain(case: Case, det: Determination, *, key: str) -> None:
    """The payer chain of a solved case top to bottom at full text size (16 pt, readable on a phone), with its
    text alternative - in trainee words: coverage names and rule titles, no internal ids."""
    with st.container(key=f"chain-{key}"):
        if det.positions:
            st.graphviz_chart(case_graph(case, det), width="content", alt=chain_words(case, det))
        st.markdown("\n".join(_md_item(line) for line in _chain_lines(case, det)))


def _md_item(line: str) -> str:
    """A list line with its marker kept and its text escaped."""
    marker, _, text = line.partition(" ")
    return f"{marker} {md(text)}"


def _chain_lines(case: Case, det: Determination) -> list[str]:
    names = Names(case)
    pay = det.payments if det.payments is not None and det.payments.complete else None
    paid = {e.coverage: e.paid for e in pay.eobs} if pay else {}
    lines = []
    for p in det.positions:
        money = f" - pays ${paid[p.coverage]:,.2f}" if p.coverage in paid else ""
        shared = " (shares the rank)" if p.shares_with else ""
        lines.append(f"{p.rank}. {names(p.coverage)}{shared}{money}")
    for e in det.excluded:
        lines.append(f"- not taking part: {names(e.coverage)}")
    lines.append(f"- the patient owes {'$' + format(pay.patient, ',.2f') if pay else 'the rest'}")
    return lines


def chain_words(case: Case, det: Determination) -> str:
    """The payer chain as plain text (the chart's text alternative)."""
    return "\n".join(_chain_lines(case, det))


def _dot(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def case_graph(case: Case, det: Determination) -> str:
    """The payer chain as DOT, top to bottom at 16 pt: one box per paying coverage named in trainee words, with
    the title of the rule that put it there, then the patient's balance."""
    names = Names(case)
    rules: dict[frozenset[str], str] = {}
    for s in det.steps:
        if s.outcome in ("decided", "tie") and len(s.coverages) == 2:
            rules[frozenset(s.coverages)] = RULES_BY_ID[s.rule].title
    lines = [
        "digraph chain {",
        '  graph [rankdir=TB, nodesep=0.3, ranksep=0.3, fontname="Helvetica"];',
        '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=16, margin="0.18,0.08",'
        ' fillcolor="#d6e4f5"];',
        '  edge [color="#2f6f3e", penwidth=2, arrowsize=0.9];',
    ]
    order = [p.coverage for p in det.positions]
    for i, cid in enumerate(order):
        label = f"{names(cid)}\npays {_ordinal(det.positions[i].rank)}"
        if i and frozenset((order[i - 1], cid)) in rules:
            label += f"\nordered by: {rules[frozenset((order[i - 1], cid))]}"
        wrapped = "\n".join(w for line in label.split("\n") for w in textwrap.wrap(line, 26) or [""])
        lines.append(f"  p{i} [label={_dot(wrapped)}];")
    pay = det.payments if det.payments is not None and det.payments.complete else None
    balance = f"patient owes ${pay.patient:,.2f}" if pay else "patient owes the rest"
    lines.append(f'  bal [label={_dot(balance)}, shape=ellipse, fillcolor="#fde2e2"];')
    chain = [f"p{i}" for i in range(len(order))] + ["bal"]
    for x, y in itertools.pairwise(chain):
        lines.append(f"  {x} -> {y};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _ordinal(n: int) -> str:
    return f"{n}{_suffix(n)}"


def _suffix(n: int) -> str:
    return {1: "st", 2: "nd", 3: "rd"}.get(n if n < 20 else n % 10, "th")


def render_feedback(question: Question, grade: Grade, *, key: str | None = None) -> None:
    """The verdict and everything that teaches from it."""
    key = key or question.id
    if grade.correct:
        st.success("Right.")
    else:
        st.error(f"Not quite. You answered: {md(grade.given)}. The answer is: {md(grade.correct_answer)}")
    if not grade.correct and grade.why:
        lead = f'A common mistake: "{md(grade.misconception.belief)}" ' if grade.misconception is not None else ""
        st.warning(f"{lead}{md(grade.why)}")
    if grade.walk:
        st.markdown("**The money, payer by payer**")
        st.markdown("\n".join(f"1. {md(line)}" for line in grade.walk))
    if grade.explanation:
        st.markdown(f"**Why:** {md(grade.explanation)}")
    st.markdown(f"**Rule:** {md(grade.rule_title)} - {md(grade.citation)}")
    st.markdown("**Payer chain**")
    render_chain(question.case, question.determination, key=key)
    with st.expander("For instructors", expanded=False):
        st.markdown(f"`{grade.rule}` - {md(grade.instructors)} - case `{question.case.id}`")


__all__ = [
    "case_graph",
    "chain_words",
    "render_case",
    "render_chain",
    "render_feedback",
    "render_question",
    "trainee_graph",
]
