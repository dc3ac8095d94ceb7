"""Session-state keys, the signed-in trainee, and the services the pages share (built once per server process).

This is where the app wires the generators into the services: the quiz and the fixture page get their cases
from :mod:`generators`, which cobsim itself never imports.

**One trainee per tab at a time, nothing shared between trainees.** The trainee is the pair (class code, name),
kept in the URL (``?class=7&name=Dana+Lee``) so a reload keeps it. Everything a page remembers for a trainee
(the lesson chosen, the question on screen, a revealed hint, the last grade) lives in :func:`mine`, a dict of
its own per (class, name); widget keys carry the same identity through :func:`wkey`. Switching to another
trainee in the same tab therefore starts from that trainee's own state and never shows the other's.
"""

from __future__ import annotations

import hashlib
import os
from typing import Any

import streamlit as st

from cobsim.io import parse_case
from cobsim.model.case import Case
from cobsim.services import clock as clocks
from cobsim.services.curriculum import Curriculum, load_curriculum
from cobsim.services.practice import Practice
from cobsim.services.quiz import Quiz
from cobsim.services.store import ProgressStore, Trainee, default_path
from generators.produce import Options, build_case
from generators.scenarios import CATALOGUE

# session-state keys (one place, so pages never disagree on a name)
TRAINEE = "trainee"  # the signed-in Trainee, or absent
PER_TRAINEE = "per_trainee"  # dict "class:name key" -> that trainee's page state
INSTRUCTOR = "instructor_ok"  # True once the instructor password was given in this tab
INSTRUCTOR_FAILS = "instructor_fails"
EXPLORE_CASE = "explore_case"

# keys inside mine()
LESSON = "lesson"
SHOWING = "showing"  # (question id, grade, hinted) of the answer whose feedback is on screen
HINTS = "hints"  # set of question ids whose hint was revealed
REVIEW_FOCUS = "review_focus"  # rules to review now ("review my misses"), before what is due
REVIEW_SHOWING = "review_showing"

QUERY_NAME = "name"
QUERY_CLASS = "class"


def case_source(scenario: str, variant: str | None, seed: int, payments: bool) -> Case:
    """A generated case for the quiz (the scenario's own story is checked as it is built)."""
    sc = CATALOGUE[scenario]
    chosen = variant or sc.variants[seed % len(sc.variants)]
    return parse_case(build_case(sc, chosen, seed, Options(payments="always" if payments else "never")))


@st.cache_resource
def curriculum() -> Curriculum:
    return load_curriculum()


@st.cache_resource
def quiz() -> Quiz:
    return Quiz(curriculum(), case_source)


@st.cache_resource
def _store(url: str) -> ProgressStore:
    return ProgressStore(url)


def store() -> ProgressStore:
    """The progress database (``COBSIM_DB``: a SQLite path or a postgresql:// URL; default .cobsim/progress.db)."""
    return _store(str(default_path()))


@st.cache_resource
def _practice(url: str) -> Practice:
    return Practice(quiz(), _store(url))


def practice() -> Practice:
    return _practice(str(default_path()))


def now_banner() -> None:
    """Say so when the test clock is set: a real class must never run on it."""
    if os.environ.get(clocks.TEST_CLOCK_ENV):
        st.caption(f"Test clock: {clocks.now():%Y-%m-%d %H:%M} UTC ({clocks.TEST_CLOCK_ENV} is set).")


def get(key: str, default: Any = None) -> Any:
    return st.session_state.get(key, default)


def trainee() -> Trainee | None:
    who = st.session_state.get(TRAINEE)
    return who if isinstance(who, Trainee) else None


def identity_key(who: Trainee) -> str:
    return f"{who.class_code}:{who.key}"


def mine() -> dict[str, Any]:
    """The signed-in trainee's own page state (empty dict when nobody is signed in)."""
    who = trainee()
    if who is None:
        return {}
    per: dict[str, dict[str, Any]] = st.session_state.setdefault(PER_TRAINEE, {})
    return per.setdefault(identity_key(who), {})


def wkey(*parts: object) -> str:
    """A widget key private to the signed-in trainee (so two trainees in one tab never share a widget)."""
    who = trainee()
    tag = hashlib.blake2b(identity_key(who).encode(), digest_size=4).hexdigest() if who else "anon"
    return "-".join([*(str(p) for p in parts), tag])


def sign_in(who: Trainee) -> None:
    st.session_state[TRAINEE] = who
    st.query_params[QUERY_CLASS] = str(who.class_code)
    st.query_params[QUERY_NAME] = who.name


def sign_out() -> None:
    st.session_state.pop(TRAINEE, None)
    for key in (QUERY_NAME, QUERY_CLASS):
        if key in st.query_params:
            del st.query_params[key]


def page(title: str) -> None:
    """The browser tab's title and the page heading."""
    st.set_page_config(page_title=f"{title} - cobsim")
    st.title(title)
