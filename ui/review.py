"""Review: the rules that are due (FSRS), interleaved from every lesson, each with a fresh case; "review my
misses" from a lesson puts that lesson's missed rules first."""

from __future__ import annotations

import streamlit as st

from cobsim.errors import CobsimError
from cobsim.rules.registry import RULES_BY_ID
from cobsim.services import clock as clocks
from cobsim.services.quiz import Grade, Question
from cobsim.services.review import MASTERY_RETRIEVABILITY
from ui import identity, render, state
from ui.practise import hint, render_feedback, render_question


def _title(rule: str) -> str:
    return RULES_BY_ID[rule].title if rule in RULES_BY_ID else rule


def _graded(question: Question, grade: Grade) -> None:
    render_question(question, key=state.wkey(question.id), locked=True)
    render_feedback(question, grade, key="review")
    if st.button("Next review", type="primary", key=state.wkey("next-review", question.id)):
        state.mine().pop(state.REVIEW_SHOWING, None)
        st.rerun()


def main() -> None:
    state.page("Review")
    state.now_banner()
    who = identity.require()
    practice = state.practice()
    mine = state.mine()

    showing = mine.get(state.REVIEW_SHOWING)
    if showing is not None:
        question = showing["question"]
        st.caption(f"Reviewing: {render.md(_title(showing['rule']))}")
        st.caption(f"Item {question.id}")
        _graded(question, showing["grade"])
        return

    focus: list[str] = mine.get(state.REVIEW_FOCUS) or []
    due = practice.due(who)
    queue = focus + [c.rule for c in due if c.rule not in focus]
    if not queue:
        cards = practice.cards(who)
        if not cards:
            st.info("Nothing to review yet: the rules you meet in lessons come back here when they are due.")
            return
        upcoming = min(cards, key=lambda c: c.due)
        st.success(
            f"Nothing is due now. Next review: {render.md(_title(upcoming.rule))} on {upcoming.due:%Y-%m-%d} (UTC)."
        )
    else:
        label = "missed in your lesson" if focus else "due"
        st.markdown(f"**{len(queue)} rule{'s' if len(queue) != 1 else ''} to review** ({label} first).")
        rule = queue[0]
        try:
            question = practice.review_question(who, rule)
        except CobsimError as exc:
            st.warning(f"No fresh case for {render.md(_title(rule))} right now: {render.md(str(exc))}")
        else:
            st.caption(f"Reviewing: {render.md(_title(rule))}")
            st.caption(f"Item {question.id}")
            key = state.wkey(question.id)
            slot = st.empty()  # the open question, replaced by its feedback in the same run once answered
            with slot.container():
                hinted = hint(question, key=key)
                answer = render_question(question, key=key)
            if answer is not None:
                try:
                    grade = practice.answer_review(who, question, answer, hinted=hinted)
                except CobsimError as exc:
                    st.warning(render.md(str(exc)))
                else:
                    if rule in focus:
                        focus.remove(rule)
                    mine[state.REVIEW_SHOWING] = {"question": question, "grade": grade, "rule": rule}
                    slot.empty()
                    with slot.container():
                        _graded(question, grade)
                    return

    st.divider()
    st.subheader("Your rules")
    st.caption(
        f"A rule is mastered when your last answer on it was right and the scheduler (FSRS) predicts at least "
        f"{MASTERY_RETRIEVABILITY:.0%} recall now; it comes back for review when that falls below "
        f"{MASTERY_RETRIEVABILITY:.0%}."
    )
    now = clocks.now()
    render.table(
        [
            {
                "rule": _title(c.rule),
                "reviews": c.reviews,
                "recall now": f"{c.retrievability:.0%}",
                "mastered": "yes" if c.mastered else "not yet",
                "next review": "now"
                if c.is_due
                else f"{c.due:%Y-%m-%d}" + (" (today)" if c.due.date() == now.date() else ""),
            }
            for c in practice.cards(who)
        ]
    )


if __name__ == "__main__":
    main()
