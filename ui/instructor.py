"""Instructor: behind the operator's password. Roster, mastery per rule, misconceptions, item statistics,
lesson assignments, CSV downloads and question banks for course platforms."""

from __future__ import annotations

import os
import time

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from cobsim.errors import CobsimError
from cobsim.rules.registry import RULES_BY_ID
from cobsim.services import clock as clocks
from cobsim.services import exports
from cobsim.services.instructor import (
    HOW_TO_SET,
    ClassReport,
    PasswordConfig,
    answers_csv,
    check_password,
    password_config,
    summary_csv,
)
from ui import render, state

MAX_TRIES = 5
LOCK_SECONDS = 60


def _config() -> PasswordConfig:
    try:
        secrets = dict(st.secrets)
    except (OSError, ValueError, StreamlitSecretNotFoundError):
        secrets = {}
    return password_config(dict(os.environ), secrets)


def _gate() -> bool:
    """True once this tab has given the right password."""
    if st.session_state.get(state.INSTRUCTOR):
        return True
    config = _config()
    if config.hash is None:
        if config.problem:
            st.error(render.md(f"The instructor password is refused: {config.problem}."))
        st.info(HOW_TO_SET)
        return False
    fails: list[float] = st.session_state.setdefault(state.INSTRUCTOR_FAILS, [])
    recent = [t for t in fails if time.monotonic() - t < LOCK_SECONDS]
    with st.form("instructor-login"):
        entered = st.text_input("Instructor password", type="password", key="instructor_password")
        go = st.form_submit_button("Open", type="primary")
    if len(recent) >= MAX_TRIES:
        st.error(f"Too many wrong passwords; wait a minute (at most {MAX_TRIES} tries a minute).")
        return False
    if go:
        if check_password(entered, config):
            st.session_state[state.INSTRUCTOR] = True
            st.session_state.pop(state.INSTRUCTOR_FAILS, None)
            st.rerun()
        fails.append(time.monotonic())
        st.error("That password is not right.")
    return False


@st.cache_data(max_entries=32, show_spinner="Building the files...")
def _exports(lesson_id: str, code: int, variants: int) -> dict[str, tuple[bytes, str, str]]:
    quiz = state.quiz()
    return {
        "QTI 2.1 package (ZIP)": (
            exports.qti_package(quiz, lesson_id, code, variants=variants),
            f"cobsim-{lesson_id}-qti21.zip",
            "application/zip",
        ),
        "Moodle XML": (
            exports.moodle_xml(quiz, lesson_id, code, variants=variants),
            f"cobsim-{lesson_id}-moodle.xml",
            "application/xml",
        ),
        "GIFT": (exports.gift(quiz, lesson_id, code, variants=variants), f"cobsim-{lesson_id}.gift.txt", "text/plain"),
        "Printable handout (HTML)": (
            exports.handout_html(quiz, lesson_id, code).encode("utf-8"),
            f"cobsim-{lesson_id}-handout.html",
            "text/html",
        ),
    }


def _class_picker() -> int:
    store = state.store()
    classes = store.classes()
    if not classes:
        st.info("No trainee has signed in yet. Give your class a code (a number) and the app's address.")
        return -1
    code: int = st.selectbox("Class", classes, key="instructor_class", format_func=lambda c: f"class {c}")
    return code


def main() -> None:
    state.page("Instructor")
    if not _gate():
        return
    if st.button("Lock this page", key="instructor_lock"):
        st.session_state.pop(state.INSTRUCTOR, None)
        st.rerun()
    code = _class_picker()
    curriculum = state.curriculum()
    roster_tab, rules_tab, items_tab, assign_tab, export_tab = st.tabs(
        ["Roster", "Rules and misconceptions", "Item statistics", "Assign lessons", "Exports"]
    )
    report = ClassReport(state.store(), curriculum, code, clocks.now()) if code >= 0 else None

    with roster_tab:
        if report is not None:
            summaries = report.summaries()
            st.markdown(f"**{len(summaries)} trainee{'s' if len(summaries) != 1 else ''}** in class {code}.")
            render.table(
                [
                    {
                        "trainee": s.trainee.name,
                        "answers": s.answers,
                        "right": f"{s.share:.0%}",
                        "hints": s.hints,
                        "lessons passed": len(s.lessons_passed),
                        "rules mastered": f"{s.rules_mastered} of {s.rules_met}",
                        "reviews due": s.reviews_due,
                        "last answer": s.last_answer.replace("T", " ")[:16],
                    }
                    for s in summaries
                ]
            )
            c1, c2 = st.columns(2)
            c1.download_button(
                "Download the class summary (CSV)",
                summary_csv(report),
                file_name=f"cobsim-class-{code}-summary.csv",
                mime="text/csv",
                on_click="ignore",
                key="dl_summary",
            )
            c2.download_button(
                "Download the answer log (CSV)",
                answers_csv(report),
                file_name=f"cobsim-class-{code}-answers.csv",
                mime="text/csv",
                on_click="ignore",
                key="dl_answers",
            )
            st.caption("UTF-8 with a byte-order mark: spreadsheets open accented names correctly.")

    with rules_tab:
        if report is not None:
            st.subheader("Mastery per rule")
            st.caption("Share of the trainees who met a rule that have mastered it now.")
            render.table(report.rule_mastery())
            with st.expander("Every trainee, every rule"):
                rows = report.mastery()
                titles = {r: RULES_BY_ID[r].title if r in RULES_BY_ID else r for r in report.rules()}
                render.table([{titles.get(k, k): v for k, v in row.items()} for row in rows])
            st.subheader("Misconceptions the class shows most")
            top = report.misconceptions()
            if not top:
                st.caption("No wrong answer has been traced to a documented misconception yet.")
            render.table(
                [
                    {
                        "belief": m.belief,
                        "trainees": m.trainees,
                        "answers": m.answers,
                        "what to teach": m.correction,
                    }
                    for m in top
                ]
            )

    with items_tab:
        if report is not None:
            st.caption(
                "Per question template (lesson / kind / scenario): difficulty is the share right; discrimination is "
                "the correlation between getting this item right and doing well on the rest. Flagged items are worth "
                "a look."
            )
            render.table(
                [
                    {
                        "template": i.template,
                        "answers": i.answers,
                        "trainees": i.trainees,
                        "difficulty (share right)": f"{i.difficulty:.2f}",
                        "discrimination": "" if i.discrimination is None else f"{i.discrimination:.2f}",
                        "check": i.flag,
                    }
                    for i in report.items()
                ]
            )

    with assign_tab:
        if code >= 0:
            store = state.store()
            by_id = {x.id: x for x in curriculum.lessons}
            chosen = st.multiselect(
                "Lessons assigned to this class",
                list(by_id),
                default=store.assigned(code),
                format_func=lambda i: f"{by_id[i].sequence}. {by_id[i].title}",
                key=f"assign-{code}",
            )
            if st.button("Save the assignment", key="assign_save"):
                store.assign(code, chosen)
                st.success(f"Class {code} now has {len(chosen)} assigned lessons; trainees see them first.")

    with export_tab:
        by_id = {x.id: x for x in curriculum.lessons}
        lesson_id = st.selectbox(
            "Lesson", list(by_id), format_func=lambda i: f"{by_id[i].sequence}. {by_id[i].title}", key="export_lesson"
        )
        variants = st.number_input(
            "Cases per question", min_value=1, max_value=exports.MAX_VARIANTS, value=1, step=1, key="export_variants"
        )
        try:
            files = _exports(lesson_id, max(code, 0), int(variants))
        except CobsimError as exc:
            st.error(render.md(str(exc)))
        else:
            cols = st.columns(len(files))
            for col, (label, (data, name, mime)) in zip(cols, files.items(), strict=True):
                col.download_button(label, data, file_name=name, mime=mime, on_click="ignore", key=f"dl-{name}")
            st.caption("The banks hold the answers: share them with your course platform, not with trainees.")


if __name__ == "__main__":
    main()
