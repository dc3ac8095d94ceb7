"""cobsim app: the router. Page config, the trainee's name in the sidebar, and navigation - nothing else.

Run with ``make run`` (``streamlit run app.py`` underneath). Progress goes to ``COBSIM_DB`` (default
``.cobsim/progress.db``).
"""

import streamlit as st

from ui import state

st.set_page_config(
    page_title="cobsim - coordination of benefits", page_icon=":material/health_and_safety:", layout="wide"
)

with st.sidebar:
    st.text_input("Your name", key=state.TRAINEE, help="Progress is saved under this name; no password for local use.")
    st.number_input(
        "Class code", min_value=0, max_value=999_999, step=1, key=state.CLASS_CODE, help="Same code, same cases."
    )
    st.caption("All people and plans in cobsim are synthetic.")

pages = st.navigation(
    {
        "Learn": [
            st.Page("ui/practise.py", title="Practise", icon=":material/school:", default=True),
            st.Page("ui/progress.py", title="Progress", icon=":material/insights:"),
        ],
        "Tools": [
            st.Page("ui/explore.py", title="Explore a case", icon=":material/account_tree:"),
            st.Page("ui/fixtures.py", title="Fixture sets", icon=":material/download:"),
        ],
    }
)
pages.run()
