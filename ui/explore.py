"""Explore a case: from a scenario, pasted or uploaded JSON, or a form; see the order, trace, money and graph."""

from datetime import date

import streamlit as st

from cobsim.engine import solve
from cobsim.errors import CobsimError
from cobsim.io import case_from_json, case_to_json, dumps
from cobsim.model.limits import MAX_UPLOAD_MB
from cobsim.services.builder import ROLES, FormCoverage, FormInput, FormPerson, build_from_form
from cobsim.services.upload import read_submission
from generators.produce import Options, build_case
from generators.scenarios import CATALOGUE
from ui import claims_view, render, state

state.page("Explore a case")
source_tab, paste_tab, form_tab = st.tabs(["From a scenario", "Paste or upload JSON", "Build in a form"])

with source_tab:
    names = sorted(CATALOGUE)
    chosen = st.selectbox(
        "Scenario", names, format_func=lambda n: f"{n} - {CATALOGUE[n].title}", key="explore_scenario"
    )
    sc = CATALOGUE[chosen]
    st.caption(sc.description)
    variant = st.selectbox("Variant", sc.variants, key="explore_variant")
    seed = st.number_input("Seed", min_value=0, max_value=2**32 - 1, value=1, step=1, key="explore_seed")
    with_money = st.checkbox("With claim lines and payments", value=True, key="explore_money")
    if st.button("Build the case", key="explore_build"):
        data = build_case(sc, variant, int(seed), Options(payments="always" if with_money else "never"))
        st.session_state[state.EXPLORE_CASE] = dumps(data, sort_keys=False)

with paste_tab:
    uploaded = st.file_uploader("Case file (.json)", type=["json"], key="explore_upload", max_upload_size=MAX_UPLOAD_MB)
    pasted = st.text_area("or paste a case", height=160, key="explore_paste")
    if st.button("Load", key="explore_load"):
        submitted = read_submission(bytes(uploaded.getvalue()) if uploaded is not None else None, pasted)
        if submitted.warning:
            st.warning(submitted.warning)
        elif submitted.error:
            st.error(submitted.error)
        else:
            st.session_state[state.EXPLORE_CASE] = submitted.text

with form_tab, st.form("case_form"):
    st.markdown("People (leave a name empty to leave the person out)")
    people = []
    defaults = {
        "patient": date(2012, 5, 5),
        "spouse": date(1985, 3, 3),
        "mother": date(1984, 4, 4),
        "father": date(1982, 8, 8),
        "stepparent": date(1980, 1, 1),
    }
    cols = st.columns(len(ROLES))
    for col, role in zip(cols, ROLES, strict=True):
        with col:
            person_name = st.text_input(f"{role} name", value="Pat" if role == "patient" else "", key=f"f_{role}_name")
            born = st.date_input(f"{role} born", value=defaults[role], min_value=date(1900, 1, 1), key=f"f_{role}_born")
            sex = st.selectbox(f"{role} sex", ["F", "M", "X"], key=f"f_{role}_sex")
            if person_name.strip():
                people.append(FormPerson(role=role, name=person_name.strip(), birth_date=born, sex=sex))
    st.markdown("Coverages")
    rows = st.data_editor(
        [{"holder": "mother", "kind": "group", "basis": "active", "employer_size": 100, "start": date(2015, 1, 1)}],
        num_rows="dynamic",
        column_config={
            "holder": st.column_config.SelectboxColumn(options=list(ROLES), required=True),
            "kind": st.column_config.SelectboxColumn(
                options=[
                    "group",
                    "individual",
                    "student",
                    "fehb",
                    "medigap",
                    "medicaid",
                    "tricare",
                    "workers_comp",
                    "auto_pip",
                    "liability",
                ],
                required=True,
            ),
            "basis": st.column_config.SelectboxColumn(
                options=["active", "retired", "laid_off", "cobra", "state_continuation"]
            ),
            "employer_size": st.column_config.NumberColumn(min_value=0, step=1),
            "start": st.column_config.DateColumn(required=True),
        },
        key="f_coverages",
    )
    c1, c2, c3 = st.columns(3)
    status = c1.selectbox(
        "Parents", ["married", "living_together", "divorced", "separated", "never_married_apart"], key="f_status"
    )
    custodial = c2.selectbox("Child lives with", ["none", "mother", "father"], key="f_custodial")
    service = c3.date_input("Service date", value=date(2025, 6, 2), key="f_service")
    m1, m2, m3, m4 = st.columns(4)
    medicare = m1.date_input("Medicare from", value=None, key="f_medicare")
    disability = m2.date_input("Disability Medicare from", value=None, key="f_disability")
    dialysis = m3.date_input("Dialysis began", value=None, key="f_dialysis")
    injury = m4.selectbox("Injury", ["none", "work", "auto", "premises"], key="f_injury")
    if st.form_submit_button("Decide"):
        try:
            form = FormInput(
                people=people,
                coverages=[
                    FormCoverage(**{k: v for k, v in row.items() if v is not None}) for row in rows if row.get("holder")
                ],
                service_date=service,
                parents_status=status,
                custodial=custodial,
                medicare_start=medicare,
                disability_start=disability,
                dialysis_start=dialysis,
                injury=injury,
            )
            case = build_from_form(form)
        except (CobsimError, ValueError) as exc:
            st.error(f"The form does not make a valid case: {exc}")
        else:
            st.session_state[state.EXPLORE_CASE] = case_to_json(case)

current: str | None = st.session_state.get(state.EXPLORE_CASE)
if current:
    try:
        case = case_from_json(current)
        det = solve(case)
    except CobsimError as exc:
        st.error(f"That case cannot be decided: {exc}")
    else:
        st.divider()
        st.subheader(render.md(case.title or case.id))
        render.determination(case, det)
        claims_view.claim_life(case, det)
        st.download_button(
            "Download the case (JSON)",
            case_to_json(case),
            file_name=f"{case.id}.json",
            mime="application/json",
            on_click="ignore",
        )
