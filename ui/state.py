"""Session-state keys, and the services the pages share (built once per server process).

This is where the app wires the generators into the services: the quiz and the fixture page get their cases
from :mod:`generators`, which cobsim itself never imports.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from cobsim.io import parse_case
from cobsim.model.case import Case
from cobsim.services.curriculum import Curriculum, load_curriculum
from cobsim.services.quiz import Quiz
from cobsim.services.store import ProgressStore, default_path
from generators.produce import Options, build_case
from generators.scenarios import CATALOGUE

# session-state keys (one place, so pages never disagree on a name)
TRAINEE = "trainee"
CLASS_CODE = "class_code"
LESSON = "lesson"
QUESTION_INDEX = "question_index"  # dict lesson id -> index
ANSWERED = "answered"  # dict question id -> grade
EXPLORE_CASE = "explore_case"


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
def _store(path: str) -> ProgressStore:
    return ProgressStore(path)


def store() -> ProgressStore:
    """The progress database (``COBSIM_DB``, else ``.cobsim/progress.db``)."""
    return _store(str(default_path()))


def get(key: str, default: Any = None) -> Any:
    return st.session_state.get(key, default)
