"""Sign-in on the page itself (not hidden in the sidebar, so a phone shows it first): name, class code, PIN."""

from __future__ import annotations

import streamlit as st

from cobsim.errors import InvalidInput
from cobsim.services.identity import clean_class_code, clean_name
from cobsim.services.store import Trainee
from ui import render, state


def _url_identity() -> tuple[str, str]:
    return st.query_params.get(state.QUERY_NAME, ""), st.query_params.get(state.QUERY_CLASS, "0")


def _same(who: Trainee, name: str, code: str) -> bool:
    try:
        return clean_name(name).key == who.key and clean_class_code(code or "0") == who.class_code
    except InvalidInput:
        return False


def resolve() -> tuple[Trainee | None, str | None]:
    """Who is signed in, from the session or the URL (``?class=7&name=...``); and why not, when the URL names
    a trainee who cannot be signed in (a PIN is needed, or the name is not valid). Runs on every page."""
    who = state.trainee()
    name, code = _url_identity()
    if who is not None and (not name or _same(who, name, code)):
        state.sign_in(who)  # puts the pair back in the URL after a page switch
        return who, None
    if who is not None:  # the URL names someone else: that is a switch, nothing of the first one carries over
        state.sign_out()
        st.query_params[state.QUERY_NAME] = name
        st.query_params[state.QUERY_CLASS] = code
    if not name:
        return None, None
    try:
        found = state.store().sign_in(name, code or "0")
    except InvalidInput as exc:  # PinError included
        return None, str(exc)
    state.sign_in(found)
    return found, None


def require() -> Trainee:
    """The signed-in trainee; otherwise the sign-in form, and the page stops there."""
    who, problem = resolve()
    if who is not None:
        return who
    name, code = _url_identity()
    form(name, code, problem)
    st.stop()
    raise AssertionError("unreachable")  # st.stop() raises


def form(name: str = "", code: str = "0", problem: str | None = None) -> None:
    st.markdown("Sign in to practise. Your answers and reviews are saved under your name in your class.")
    message = st.empty()
    with st.form("sign-in"):
        typed = st.text_input("Your name", value=name, max_chars=80, key="signin_name")
        typed_code = st.text_input(
            "Class code",
            value=code or "0",
            max_chars=6,
            key="signin_class",
            help="Your instructor gives it; 0 if none.",
        )
        pin = st.text_input(
            "PIN (optional, 4 digits)",
            type="password",
            max_chars=4,
            key="signin_pin",
            help="Choose one the first time to keep classmates out of your progress; give it again to come back.",
        )
        go = st.form_submit_button("Start", type="primary")
    if go:
        try:
            who = state.store().sign_in(typed, typed_code, pin or None)
        except InvalidInput as exc:
            problem = str(exc)
        else:
            state.sign_in(who)
            st.rerun()
    if problem:
        message.error(render.md(problem))
