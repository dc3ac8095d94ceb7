"""835 (X12 5010 005010X221A1): one payer's remittance of the claim.

CLP carries the claim status (1/2/3 processed as primary/secondary/tertiary, 4 denied, 19/20/21 processed and
forwarded to the crossover payer), the charge, the payment and the patient's responsibility; SVC, CAS and AMT*B6
carry each line; NM1*TT names the payer Medicare forwarded the claim to, with MOA/MIA remark MA18. The file
balances: BPR02 = CLP04; CLP04 = CLP03 - the CAS amounts; per line SVC03 = SVC02 - its CAS amounts.
"""

from __future__ import annotations

from cobsim.claims import ids
from cobsim.claims.model import ClaimLife, Remittance
from cobsim.model.case import Case
from cobsim.model.codes import ClaimSetting
from cobsim.x12.claim837 import SUBMITTER_ID, cas_segments
from cobsim.x12.segments import Segments, amount, control, d8, envelope, text

VERSION_835 = "005010X221A1"
#: SBR09 codes that the 835's CLP06 code list does not have, and what the 835 reports instead.
CLP06_FOR = {"CI": "ZZ", "BL": "ZZ", "11": "ZZ", "09": "ZZ", "FI": "OF"}


def write_835(case: Case, life: ClaimLife, remittance: Remittance) -> str:
    """The 835 a payer sends for ``remittance`` (one claim, one payment or notice)."""
    by_id = {c.id: c for c in case.coverages}
    cov = by_id[remittance.coverage]
    claim = case.claim
    key = f"835:{case.id}:{remittance.submission}"
    institutional = claim.setting is not ClaimSetting.PROFESSIONAL
    on = remittance.received
    segs = Segments()
    if remittance.paid > 0:
        segs.add("BPR", "I", amount(remittance.paid), "C", "CHK", *[""] * 11, d8(on))
    else:
        segs.add("BPR", "H", "0", "C", "NON", *[""] * 11, d8(on))
    segs.add("TRN", "1", control("check", key, digits=10), "1" + ids.payer_tax_id(cov))
    segs.add("REF", "EV", SUBMITTER_ID)
    segs.add("DTM", "405", d8(on))
    segs.add("N1", "PR", text(ids.payer_name(cov)))
    segs.add("N3", "200 SYNTHETIC PAYER ROAD")
    segs.add("N4", "SPRINGFIELD", "IL", "627020002")
    segs.add("PER", "BL", "SYNTHETIC EDI HELP DESK", "TE", "5555550199")
    segs.add("N1", "PE", text(ids.provider_name(case)), "XX", ids.npi(case))
    segs.add("N3", "100 SYNTHETIC PLAZA")
    segs.add("N4", "SPRINGFIELD", "IL", "627010001")
    segs.add("REF", "TJ", ids.tax_id(case))
    segs.add("LX", "1")
    facility = "11" if claim.setting is ClaimSetting.INPATIENT else "13" if institutional else "11"
    segs.add(
        "CLP",
        ids.control_number(case),
        remittance.status,
        amount(remittance.charge),
        amount(remittance.paid),
        amount(remittance.patient) if remittance.patient else "0",
        CLP06_FOR.get(ids.filing_indicator(case, cov), ids.filing_indicator(case, cov)),
        remittance.payer_claim_number,
        facility,
        "1",
    )
    cas_segments(segs, remittance.claim_adjustments)
    patient = case.patient
    last, first = ids.split_name(patient)
    subscriber = case.person(cov.subscriber)
    segs.add("NM1", "QC", "1", text(last, 60), text(first, 35), "", "", "", "MI", ids.member_id(case, cov))
    if subscriber.id != patient.id:
        s_last, s_first = ids.split_name(subscriber)
        segs.add("NM1", "IL", "1", text(s_last, 60), text(s_first, 35), "", "", "", "MI", ids.member_id(case, cov))
    for target in remittance.crossed_over_to:
        other = by_id[target]
        segs.add("NM1", "TT", "2", text(ids.payer_name(other)), "", "", "", "", "PI", ids.payer_id(other))
    if remittance.remarks:
        if claim.setting is ClaimSetting.INPATIENT:
            segs.add("MIA", "0", "", "", "", remittance.remarks[0])
        else:
            segs.add("MOA", "", "", *remittance.remarks[:5])
    segs.add("DTM", "232", d8(claim.service_date))
    segs.add("DTM", "233", d8(claim.service_date))
    for ln in remittance.lines:
        revenue = ln.code if ln.code.isdigit() and len(ln.code) == 4 else None
        if revenue:
            segs.add("SVC", f"NU:{revenue}", amount(ln.charge), amount(ln.paid), "", str(ln.units))
        elif institutional:
            rev = "0120" if claim.setting is ClaimSetting.INPATIENT else "0510"
            segs.add("SVC", f"HC:{ln.code}", amount(ln.charge), amount(ln.paid), rev, str(ln.units))
        else:
            segs.add("SVC", f"HC:{ln.code}", amount(ln.charge), amount(ln.paid), "", str(ln.units))
        segs.add("DTM", "472", d8(claim.service_date))
        cas_segments(segs, ln.adjustments)
        if ln.allowed is not None and remittance.status != "4":
            segs.add("AMT", "B6", amount(ln.allowed))
        for remark in ln.remarks:
            segs.add("LQ", "HE", remark)
    return envelope(
        segs,
        functional_id="HP",
        version=VERSION_835,
        transaction="835",
        st03=False,
        sender=ids.payer_id(cov),
        receiver=SUBMITTER_ID,
        on=on,
        key=key,
    )
