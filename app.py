"""cobsim app: the router. Page config, who is signed in (sidebar), and navigation - nothing else.

Run with ``make run`` (``streamlit run app.py`` underneath). Progress goes to ``COBSIM_DB``: a SQLite file
(default ``.cobsim/progress.db``) or a ``postgresql://`` URL for several replicas. The instructor page opens with
the password set in ``COBSIM_INSTRUCTOR_PASSWORD`` (or its hash, or ``.streamlit/secrets.toml``).
"""

import streamlit as st

from ui import identity, render, state

st.set_page_config(page_title="cobsim", page_icon=":material/health_and_safety:", layout="wide")
render.styles()

with st.sidebar:
    who, _ = identity.resolve()
    if who is not None:
        st.markdown(
            f"Signed in as **{render.md(who.name)}**, class {who.class_code}" + (" (PIN)" if who.has_pin else "")
        )
        if st.button("Switch trainee", key="switch_trainee"):
            state.sign_out()
            st.rerun()
    st.caption("All people and plans in cobsim are synthetic.")

pages = st.navigation(
    {
        "Learn": [
            st.Page("ui/practise.py", title="Practise", icon=":material/school:", default=True),
            st.Page("ui/review.py", title="Review", icon=":material/event_repeat:"),
            st.Page("ui/progress.py", title="Progress", icon=":material/insights:"),
        ],
        "Tools": [
            st.Page("ui/explore.py", title="Explore a case", icon=":material/account_tree:"),
            st.Page("ui/fixtures.py", title="Fixture sets", icon=":material/download:"),
        ],
        "Instructors": [
            st.Page("ui/instructor.py", title="Instructor", icon=":material/lock:"),
        ],
    }
)
pages.run()
