"""Progress: mastery per lesson and rule, history, weakest rules; CSV export for instructors."""

import streamlit as st

from cobsim.rules.registry import RULES_BY_ID
from ui import render, state

st.title("Progress")
store = state.store()
curriculum = state.curriculum()
name = (state.get(state.TRAINEE) or "").strip()

if name:
    attempts = store.attempts(name)
    if not attempts:
        st.info(f"No answers yet for {name}. Start a lesson on the Practise page.")
    else:
        right = sum(a.correct for a in attempts)
        c1, c2, c3 = st.columns(3)
        c1.metric("Answers", len(attempts))
        c2.metric("Right", right)
        c3.metric("Share right", f"{right / len(attempts):.0%}")
        lessons = {lesson.id: lesson for lesson in curriculum.lessons}
        st.subheader("By lesson")
        rows = []
        for m in store.by_lesson(name):
            lesson = lessons.get(m.key)
            result = (
                store.lesson_result(name, m.key, total=lesson.questions, pass_mark=lesson.pass_mark) if lesson else None
            )
            rows.append(
                {
                    "lesson": lesson.title if lesson else m.key,
                    "answers": m.attempts,
                    "share right": f"{m.share:.0%}",
                    "questions done": f"{result.answered} of {result.total}" if result else "",
                    "passed": ("yes" if result.passed else "not yet") if result else "",
                }
            )
        st.dataframe(rows, hide_index=True)
        st.subheader("By rule")
        st.dataframe(
            [
                {
                    "rule": RULES_BY_ID[m.key].title if m.key in RULES_BY_ID else m.key,
                    "id": m.key,
                    "answers": m.attempts,
                    "share": f"{m.share:.0%}",
                }
                for m in store.by_rule(name)
            ],
            hide_index=True,
        )
        weakest = store.weakest(name)
        if weakest:
            st.subheader("Review next")
            for m in weakest:
                teaching = [lesson.title for lesson in curriculum.lessons if m.key in lesson.rules]
                title = RULES_BY_ID[m.key].title if m.key in RULES_BY_ID else m.key
                where = f" - see: {', '.join(teaching)}" if teaching else ""
                st.markdown(f"- {render.md(title)} ({m.correct} of {m.attempts} right){render.md(where)}")
        st.subheader("History")
        st.dataframe(
            [
                {
                    "when": a.answered_at,
                    "lesson": a.lesson,
                    "question": a.question,
                    "kind": a.kind,
                    "right": a.correct,
                    "given": a.given,
                }
                for a in reversed(attempts)
            ],
            hide_index=True,
        )
else:
    st.info("Enter your name in the sidebar to see your progress.")

st.divider()
st.subheader("For instructors")
code = st.number_input("Class code to export (0 for all)", min_value=0, max_value=999_999, step=1, key="export_code")
csv_text = store.export_csv(None if code == 0 else int(code))
st.download_button(
    "Download answers (CSV)", csv_text, file_name=f"cobsim-answers-{code}.csv", mime="text/csv", on_click="ignore"
)
st.caption(f"{max(csv_text.count(chr(10)) - 1, 0)} answers in the export.")
