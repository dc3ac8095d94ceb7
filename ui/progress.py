"""Progress: the signed-in trainee's lessons, rules and answers - their own, nothing of anyone else's."""

from __future__ import annotations

import streamlit as st

from cobsim.rules.registry import RULES_BY_ID
from ui import identity, render, state


def main() -> None:
    state.page("Progress")
    who = identity.require()
    store = state.store()
    practice = state.practice()
    curriculum = state.curriculum()
    answers = store.answers(trainee_id=who.id)
    if not answers:
        st.info(f"No answers yet for {render.md(who.name)}. Start a lesson on the Practise page.")
        return
    right = sum(a.correct for a in answers)
    passes = store.passes(who.id)
    cards = practice.cards(who)
    c1, c2, c3, c4 = st.columns(4)
    c1.metric("Answers", len(answers))
    c2.metric("Right", right)
    c3.metric("Lessons passed", len(passes))
    c4.metric("Reviews due", sum(c.is_due for c in cards))

    st.subheader("By lesson")
    rows = []
    for lesson in curriculum.lessons:
        sittings = store.sittings(who.id, lesson.id)
        if not sittings:
            continue
        last = sittings[-1]
        done = [a for a in answers if a.lesson == lesson.id and a.source == "lesson" and a.attempt == last.attempt]
        rows.append(
            {
                "lesson": f"{lesson.sequence}. {lesson.title}",
                "sittings": len(sittings),
                "this sitting": f"{sum(a.correct for a in done)} of {len(done)} right, {lesson.questions - len(done)} to go"
                if last.completed is None
                else f"{last.right} of {last.total} right",
                "passed": "yes" if lesson.id in passes else "not yet",
            }
        )
    render.table(rows)

    st.subheader("By rule")
    render.table(
        [
            {
                "rule": RULES_BY_ID[c.rule].title if c.rule in RULES_BY_ID else c.rule,
                "answers": sum(a.rule == c.rule for a in answers),
                "right": sum(a.rule == c.rule and a.correct for a in answers),
                "mastered": "yes" if c.mastered else "not yet",
                "next review": "now" if c.is_due else f"{c.due:%Y-%m-%d}",
            }
            for c in cards
        ]
    )

    st.subheader("History")
    st.caption("Your answers, newest first (only questions you have answered).")
    render.table(
        [
            {
                "when": a.answered.replace("T", " ")[:16],
                "lesson": a.lesson,
                "from": a.source,
                "right": "yes" if a.correct else "no",
                "hint": "yes" if a.hinted else "",
                "you answered": a.given,
                "the answer": a.expected,
            }
            for a in reversed(answers[-50:])
        ]
    )


if __name__ == "__main__":
    main()
