"""Practise: a lesson opens with a worked example, then its questions from easy to hard; a hint on request; the
lesson-complete screen lists the misses with explanations and offers a retry with new cases, the next lesson,
and a review of the misses. Every answer is saved as it is given.

The rendering of one question and of its feedback is :func:`render_question` and :func:`render_feedback` (the
Review page uses them too).
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from cobsim.errors import CobsimError, InvalidInput
from cobsim.services.curriculum import QuestionKind
from cobsim.services.practice import LessonState, Practice, hint_for
from cobsim.services.quiz import Grade, Question, biller_view
from cobsim.services.store import Trainee
from ui import identity, render, state

Answer = str | tuple[str, str]


# ------------------------------------------------------------------------------ one question and its feedback


def render_question(question: Question, *, key: str, locked: bool = False) -> Answer | None:
    """The question, the facts a biller sees, and the answer form. Returns the answer once submitted.

    ``locked``: the question is graded; show it without a form.
    """
    st.subheader(render.md(question.prompt))
    render.biller_view(
        biller_view(question.case, question.determination, show_primary_eob=question.kind is QuestionKind.PAYMENT)
    )
    if locked:
        return None
    with st.form(key=f"form-{key}"):
        if question.kind is QuestionKind.PAYMENT:
            paid = st.text_input("The secondary pays ($)", key=f"paid-{key}")
            owes = st.text_input("The patient still owes ($)", key=f"owes-{key}")
            answer: Any = (paid, owes)
        else:
            texts = {c.key: render.md(c.text) for c in question.choices}
            answer = st.radio(
                "Your answer", list(texts), format_func=texts.__getitem__, index=None, key=f"choice-{key}"
            )
        submitted = st.form_submit_button("Check answer", type="primary")
    if not submitted:
        return None
    if answer is None or (isinstance(answer, tuple) and not all(a.strip() for a in answer)):
        st.warning("Choose an answer first.")
        return None
    return answer  # type: ignore[no-any-return]


def render_feedback(question: Question, grade: Grade, *, key: str) -> None:
    """Right or not, the right answer, the rule with its citation, why, the misconception, the payer chain."""
    if grade.correct:
        st.success("Right.")
    else:
        st.error(f"Not quite. You answered: {render.md(grade.given)}. The answer is: {render.md(grade.correct_answer)}")
    st.markdown(f"**Rule:** {render.md(grade.rule_title)} (`{grade.rule}`) - {render.md(grade.citation)}")
    st.markdown(f"**Why:** {render.md(grade.explanation)}")
    if grade.misconception is not None:
        st.warning(
            f'A common mistake: "{render.md(grade.misconception.belief)}" {render.md(grade.misconception.correction)}'
        )
    with st.expander("Payer chain", expanded=True):
        render.graph(question.case, question.determination, key=key)


def hint(question: Question, *, key: str) -> bool:
    """The hint button, or the hint once revealed. Returns whether the hint was revealed (it is recorded)."""
    revealed: set[str] = state.mine().setdefault(state.HINTS, set())
    if question.id in revealed:
        st.info(f"Hint: {render.md(hint_for(question))}")
        return True
    if st.button("Show a hint", key=f"hint-{key}", help="Reveals the fact that decides; it is noted with your answer."):
        revealed.add(question.id)
        st.rerun()
    return False


# ------------------------------------------------------------------------------------------------- screens


def _lesson_picker(practice: Practice, who: Trainee) -> str:
    lessons = practice.quiz.curriculum.lessons
    assigned = state.store().assigned(who.class_code)
    passed = state.store().passes(who.id)
    ids = [x.id for x in lessons if x.id in assigned] + [x.id for x in lessons if x.id not in assigned]
    by_id = {x.id: x for x in lessons}
    key = state.wkey("lesson")
    if key not in st.session_state:
        start = state.mine().get(state.LESSON) or next((i for i in ids if i not in passed), ids[0])
        st.session_state[key] = start

    def label(i: str) -> str:
        marks = (" - assigned" if i in assigned else "") + (" - passed" if i in passed else "")
        return f"{by_id[i].sequence}. {by_id[i].title}{marks}"

    chosen: str = st.selectbox("Lesson", ids, format_func=label, key=key)
    state.mine()[state.LESSON] = chosen
    return chosen


def _worked_example(practice: Practice, who: Trainee, lesson_state: LessonState) -> None:
    example = practice.example(who, lesson_state)
    st.subheader("Worked example")
    st.caption("Read how this case is solved, step by step; then the questions start, easiest first.")
    st.markdown(f"**{render.md(example.title)}**")
    render.biller_view(biller_view(example.case, example.determination, show_primary_eob=False))
    st.markdown("**Step by step**")
    render.steps(example.determination)
    st.markdown(f"**So the order is:** {render.md(example.answer)}")
    render.graph(example.case, example.determination, key="example")
    if st.button("Start the questions", type="primary", key=state.wkey("start", lesson_state.sitting_id)):
        practice.example_seen(lesson_state)
        st.rerun()


def _complete(practice: Practice, who: Trainee, lesson_state: LessonState) -> None:
    result = practice.result(who, lesson_state)
    lesson = lesson_state.lesson
    headline = f"Lesson complete: {result.right} of {result.total} right (pass mark {result.pass_mark:.0%})."
    if result.passed:
        st.success(f"{headline} You passed this lesson.")
    elif result.score_ok:
        titles = ", ".join(render.md(r) for r in result.unmastered)
        st.warning(f"{headline} Not passed yet: get these rules right in a review to master them: {titles}.")
    else:
        st.warning(f"{headline} Not passed yet: practise again with new cases.")
    if result.misses:
        st.subheader("What you missed")
        for m in result.misses:
            with st.container(border=True):
                st.markdown(f"**{render.md(m.rule_title)}** (`{m.rule}`)")
                st.markdown(f"You answered: {render.md(m.given)}")
                st.markdown(f"The answer: {render.md(m.expected)}")
                st.markdown(f"Why: {render.md(m.explanation)}")
    nxt = practice.next_lesson(lesson.id, state.store().assigned(who.class_code))
    c1, c2, c3 = st.columns(3)
    if c1.button("Practise again with new cases", type="primary", key=state.wkey("retry", lesson_state.attempt)):
        try:
            practice.retry(who, lesson.id)
        except InvalidInput as exc:
            st.error(render.md(str(exc)))
        else:
            state.mine().pop(state.SHOWING, None)
            st.rerun()
    if nxt is not None:
        lesson_key = state.wkey("lesson")

        def go_next(target: str = nxt.id) -> None:
            st.session_state[lesson_key] = target

        c2.button(f"Next lesson: {nxt.title}", key=state.wkey("next-lesson"), on_click=go_next)
    if result.misses and c3.button("Review my misses", key=state.wkey("review-misses", lesson_state.attempt)):
        state.mine()[state.REVIEW_FOCUS] = practice.missed_rules(who, lesson.id, lesson_state.attempt)
        st.switch_page("ui/review.py")


def _graded(lesson_state: LessonState, shown: Question, grade: Grade) -> None:
    """A graded question: locked, with its feedback and the way on. Never offered again as fresh."""
    position = lesson_state.order.index(shown.index)
    last = position + 1 == lesson_state.total
    render_question(shown, key=state.wkey(shown.id), locked=True)
    render_feedback(shown, grade, key="feedback")
    if st.button("See your result" if last else "Next question", type="primary", key=state.wkey("next", shown.id)):
        state.mine().pop(state.SHOWING, None)
        st.rerun()


def _header(lesson_state: LessonState, question: Question) -> None:
    position = lesson_state.order.index(question.index)
    sitting = f" - sitting {lesson_state.attempt + 1}" if lesson_state.attempt else ""
    st.progress(position / lesson_state.total, text=f"Question {position + 1} of {lesson_state.total}{sitting}")
    st.caption(f"Item {question.id}")


def _question(practice: Practice, who: Trainee, lesson_state: LessonState) -> None:
    mine = state.mine()
    showing = mine.get(state.SHOWING)
    if (
        showing is not None
        and showing["lesson"] == lesson_state.lesson.id
        and showing["attempt"] == lesson_state.attempt
    ):
        shown = practice.question(lesson_state.lesson.id, who.class_code, showing["slot"], showing["attempt"])
        _header(lesson_state, shown)
        _graded(lesson_state, shown, showing["grade"])
        return
    question = practice.current(who, lesson_state)
    if question is None:
        _complete(practice, who, lesson_state)
        return
    _header(lesson_state, question)
    key = state.wkey(question.id)
    slot = st.empty()  # the open question, replaced by its feedback in the same run once answered
    with slot.container():
        hinted = hint(question, key=key)
        answer = render_question(question, key=key)
    if answer is None:
        return
    try:
        grade = practice.answer(who, lesson_state, question, answer, hinted=hinted)
    except CobsimError as exc:
        st.warning(render.md(str(exc)))
        return
    mine[state.SHOWING] = {
        "lesson": lesson_state.lesson.id,
        "slot": question.index,
        "attempt": lesson_state.attempt,
        "grade": grade,
    }
    slot.empty()
    with slot.container():
        _graded(lesson_state, question, grade)


def main() -> None:
    state.page("Practise")
    state.now_banner()
    who = identity.require()
    practice = state.practice()
    lesson_id = _lesson_picker(practice, who)
    lesson = practice.quiz.curriculum.lesson(lesson_id)
    with st.expander("What this lesson teaches", expanded=False):
        st.markdown("\n".join(f"- {o}" for o in lesson.objectives))
        st.markdown(lesson.explanation)
    try:
        lesson_state = practice.state(who, lesson_id)
    except CobsimError as exc:
        st.error(f"This lesson cannot be shown: {render.md(str(exc))}")
        return
    if not lesson_state.example_seen and lesson_state.position == 0:
        _worked_example(practice, who, lesson_state)
        return
    _question(practice, who, lesson_state)


if __name__ == "__main__":
    main()
