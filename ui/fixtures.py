"""Fixture sets: choose scenarios, a count and a seed; download a ZIP of cases with expected answers."""

import streamlit as st

from cobsim.errors import CobsimError
from cobsim.services.fixtures import build_zip
from generators.identity import FAKER_VERSION
from generators.produce import Options, generate_lines
from generators.scenarios import CATALOGUE
from ui import state

MAX_CASES = 100_000
MAX_INTERCHANGE = 5_000

state.page("Fixture sets")
st.markdown(
    "Golden fixtures for testing a claims or billing system: synthetic cases, each with the reference engine's "
    "expected payer order, rules and payments. The ZIP also holds the JSON Schema, a manifest with versions and "
    "checksums, and a README."
)
names = sorted(CATALOGUE)
chosen = st.multiselect("Scenarios (empty: all)", names, key="fx_scenarios")
c1, c2, c3 = st.columns(3)
count = c1.number_input("Cases", min_value=1, max_value=MAX_CASES, value=500, step=100, key="fx_count")
seed = c2.number_input("Seed", min_value=0, max_value=2**32 - 1, value=7, step=1, key="fx_seed")
payments = c3.selectbox("Claims with payments", ["mixed", "always", "never"], key="fx_payments")
interchange = st.multiselect(
    "Also the claim files (slower: at most 5,000 cases)", ["x12", "fhir"], key="fx_interchange"
)


@st.cache_data(show_spinner=False, max_entries=4)
def bundle(
    scenarios: tuple[str, ...], count: int, seed: int, payments: str, interchange: tuple[str, ...] = ()
) -> bytes:
    lines = generate_lines(
        list(scenarios) or ["all"], count, seed, options=Options(payments=payments), jobs=2, chunk=1000
    )
    return build_zip(
        lines, seed=seed, scenarios=list(scenarios) or names, faker_version=FAKER_VERSION, interchange=interchange
    )


if st.button("Build the fixture set", type="primary", key="fx_build"):
    try:
        if interchange and int(count) > MAX_INTERCHANGE:
            raise CobsimError(f"X12 and FHIR files are offered for at most {MAX_INTERCHANGE:,} cases; lower the count")
        with st.spinner("Generating and solving cases..."):
            data = bundle(tuple(chosen), int(count), int(seed), payments, tuple(interchange))
    except CobsimError as exc:
        st.error(str(exc))
    else:
        st.session_state["fx_zip"] = data
        st.session_state["fx_name"] = f"cobsim-fixtures-seed{int(seed)}-{int(count)}.zip"

if "fx_zip" in st.session_state:
    data = st.session_state["fx_zip"]
    st.success(f"{st.session_state['fx_name']} is ready ({len(data) / 1024:,.0f} KiB).")
    st.download_button(
        "Download the ZIP",
        data,
        file_name=st.session_state["fx_name"],
        mime="application/zip",
        on_click="ignore",
        key="fx_download",
    )
