"""The claim's life on the Explore page: a dated timeline with sources, and the case's 837/835 and FHIR files."""

from __future__ import annotations

import io
import zipfile

import streamlit as st

from cobsim.claims import simulate
from cobsim.claims.export import case_files
from cobsim.model.case import Case
from cobsim.trace import Determination
from ui import render


def claim_life(case: Case, det: Determination) -> None:
    """Show the claim's life (who is billed when, each remittance, crossover, denials) and offer its files."""
    st.subheader("The claim's life")
    life = simulate(case, det)
    if life.status == "not_billable":
        st.info("Nothing is billed: " + " ".join(life.reasons))
    elif life.status == "pending":
        st.warning(" ".join(life.reasons))
    # a static table: every sentence and source is shown whole (a data grid would cut them)
    st.table(
        [
            {"date": e.on.isoformat(), "step": e.kind, "who": e.actor, "what happens": e.text, "source": e.source}
            for e in life.events
        ]
    )
    if life.patient_owes is not None:
        st.markdown(
            f"The provider bills the patient **${life.patient_owes:,.2f}** and writes off **${life.write_off or 0:,.2f}**."
        )
    files = case_files(case, ("x12", "fhir"), seed=life.seed)
    if not files.files:
        return
    st.markdown("**Files** - synthetic test data: X12 5010 (ISA15 = T) and a FHIR R4 Bundle (security label HTEST)")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.files.items():
            zf.writestr(name, data)
    st.download_button(
        "Download every file (ZIP)",
        buffer.getvalue(),
        file_name=f"{case.id}-claim-files.zip",
        mime="application/zip",
        on_click="ignore",
        key="claims_zip",
    )
    with st.expander("Files one by one"):
        for name, data in files.files.items():
            st.download_button(
                render.md(name),
                data,
                file_name=name.rsplit("/", 1)[-1],
                mime="application/json" if name.endswith(".json") else "text/plain",
                on_click="ignore",
                key=f"claims_file_{name}",
            )
    for fmt, why in files.skipped.items():
        st.caption(f"No {fmt.upper()} files: {why}")
