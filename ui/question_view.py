"""One quiz question on screen, and its feedback: the only place that draws a question.

``render_question`` shows the prompt, the insurance cards, the facts panel and the answer widgets, and returns
the answer the trainee is giving (a choice key, or two amounts). ``render_feedback`` shows the verdict, why the
right answer is right, why the chosen option is wrong *here* (with the fact that shows it), the money walked payer
by payer, the primary source, the payer chain in trainee words, and - folded away - a line for instructors with
the rule ids. Everything a trainee reads is plain text escaped for Markdown; no internal id reaches the screen
outside the instructors' line.
"""

from __future__ import annotations

from collections import OrderedDict

import networkx as nx
import streamlit as st

from cobsim.graph import payer_graph, to_dot
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
    """The payer chain of a solved case (a worked example), in trainee words."""
    with st.container(key=f"chain-{key}"):
        st.graphviz_chart(case_graph(case, det), width="content")


def case_graph(case: Case, det: Determination) -> str:
    """The payer graph of a case as DOT with trainee names and rule titles (no internal ids)."""
    g: nx.DiGraph = payer_graph(case, det)
    names = Names(case)
    positions = {p.coverage: p for p in det.positions}
    for _, data in g.nodes(data=True):
        if data.get("kind") != "coverage":
            continue
        cid = data["coverage"]
        pos = positions.get(cid)
        status = f"pays {pos.rank}{_suffix(pos.rank)}" if pos else "does not take part"
        data["label"] = f"{names(cid)}\n{status}"
    for _, _, data in g.edges(data=True):
        if data.get("kind") == "chain" and data.get("rule"):
            data["label"] = f"then ({RULES_BY_ID[data['rule']].title})"
        elif data.get("kind") == "chain":
            data["label"] = "then" if data.get("label", "").startswith("then") else data.get("label", "")
    return to_dot(g)


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
    with st.container(key=f"chain-{key}"), st.expander("Payer chain", expanded=False):
        st.graphviz_chart(trainee_graph(question), width="content")
    with st.expander("For instructors", expanded=False):
        st.markdown(f"`{grade.rule}` - {md(grade.instructors)} - case `{question.case.id}`")


__all__ = ["case_graph", "render_case", "render_chain", "render_feedback", "render_question", "trainee_graph"]
