"""Practise: answer a lesson's questions; every answer is saved as it is given."""

import streamlit as st

from cobsim.errors import CobsimError
from ui import state
from ui.question_view import render_feedback, render_question

st.title("Practise")
name = (state.get(state.TRAINEE) or "").strip()
if not name:
    st.info("Enter your name in the sidebar to start; your answers are saved under it.")
    st.stop()

curriculum = state.curriculum()
quiz = state.quiz()
store = state.store()
code = int(state.get(state.CLASS_CODE) or 0)
lessons = {lesson.id: lesson for lesson in curriculum.lessons}
lesson_id = st.selectbox(
    "Lesson", list(lessons), format_func=lambda i: f"{lessons[i].sequence}. {lessons[i].title}", key=state.LESSON
)
lesson = lessons[lesson_id]
with st.expander("What this lesson teaches", expanded=False):
    st.markdown("\n".join(f"- {o}" for o in lesson.objectives))
    st.markdown(lesson.explanation)

indexes = st.session_state.setdefault(state.QUESTION_INDEX, {})
if lesson_id not in indexes:
    done = store.answered(name, lesson_id)
    indexes[lesson_id] = next(
        (i for i in range(lesson.questions) if f"{lesson_id}-{code}-{i}" not in done), lesson.questions
    )
index = indexes[lesson_id]

if index >= lesson.questions:
    mine = [a for a in store.attempts(name) if a.lesson == lesson_id and a.class_code == code]
    latest = {a.question: a for a in mine}
    right = sum(a.correct for a in latest.values())
    share = right / lesson.questions
    if share >= lesson.pass_mark:
        st.success(
            f"Lesson complete: {right} of {lesson.questions} right. You passed (pass mark {lesson.pass_mark:.0%})."
        )
    else:
        st.warning(f"Lesson complete: {right} of {lesson.questions} right; the pass mark is {lesson.pass_mark:.0%}.")
    if st.button("Practise this lesson again"):
        indexes[lesson_id] = 0
        st.rerun()
    st.stop()

try:
    question = quiz.question(lesson_id, code, index)
except CobsimError as exc:
    st.error(f"This question could not be built: {exc}")
    st.stop()

st.progress(index / lesson.questions, text=f"Question {index + 1} of {lesson.questions}")

grades = st.session_state.setdefault(state.ANSWERED, {})
grade = grades.get(question.id)
with st.form(key=f"form-{question.id}"):
    answer = render_question(question)
    submitted = st.form_submit_button("Check answer", disabled=grade is not None, type="primary")

if submitted and grade is None:
    if answer is None or (isinstance(answer, tuple) and not all(answer)):
        st.warning("Choose an answer first.")
    else:
        try:
            grade = quiz.grade(question, answer)  # type: ignore[arg-type]
        except CobsimError as exc:
            st.warning(str(exc))
        else:
            store.record(
                name,
                class_code=code,
                lesson=lesson_id,
                question=question.id,
                kind=question.kind.value,
                rule=grade.rule,
                correct=grade.correct,
                given=grade.given,
                expected=grade.correct_answer,
                misconception=grade.misconception.id if grade.misconception else None,
            )
            grades[question.id] = grade

if grade is not None:
    render_feedback(question, grade)
    if st.button("Next question", type="primary"):
        indexes[lesson_id] = index + 1
        st.rerun()
