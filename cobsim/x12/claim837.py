"""837P and 837I (X12 5010) for one submission of a claim's life, with the prior payers' adjudication.

A claim to a later payer carries, for every other payer, loop 2320 (SBR with that payer's responsibility P/S/T,
SBR05 when Medicare is not primary, SBR09; AMT*D what it paid; OI), 2330A (the other subscriber) and 2330B (the
other payer); and per line loop 2430 (SVD what that payer paid on the line, CAS its adjustments, DTP*573 its
remittance date). Per line and payer the charge equals the SVD payment plus the CAS amounts; AMT*D equals the sum of
that payer's SVD payments (the MAC balancing edits).
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from cobsim.claims import ids
from cobsim.claims.model import SEQUENCE_CODES, ClaimLife, Remittance, Submission
from cobsim.claims.simulate import msp_type
from cobsim.engine import solve
from cobsim.model.case import Case, Coverage, Person
from cobsim.model.codes import ClaimSetting, CoverageKind, InjuryKind, Sex
from cobsim.trace import Adjustment, Determination
from cobsim.x12.segments import Segments, amount, control, d8, envelope, text

SUBMITTER_ID = "COBSIMSYN"
SYNTHETIC_NOTE = "SYNTHETIC TEST CLAIM FROM COBSIM - NOT A REAL PATIENT OR PROVIDER"
VERSION_P = "005010X222A1"
VERSION_I = "005010X223A2"
DEFAULT_ADDRESS = ("1 SYNTHETIC WAY", "SPRINGFIELD", "IL", "62701")


def _sex(person: Person) -> str:
    return {Sex.F: "F", Sex.M: "M"}.get(person.sex, "U")


def _address(segs: Segments, person: Person | None) -> None:
    if person is not None and person.address is not None:
        a = person.address
        segs.add("N3", text(a.line1, 55))
        segs.add("N4", text(a.city, 30), a.state, a.postal_code)
    else:
        segs.add("N3", DEFAULT_ADDRESS[0])
        segs.add("N4", DEFAULT_ADDRESS[1], DEFAULT_ADDRESS[2], DEFAULT_ADDRESS[3])


def _name(segs: Segments, qualifier: str, person: Person, id_code: str | None = None) -> None:
    last, first = ids.split_name(person)
    if id_code is None:
        segs.add("NM1", qualifier, "1", text(last, 60), text(first, 35))
    else:
        segs.add("NM1", qualifier, "1", text(last, 60), text(first, 35), "", "", "", "MI", id_code)


def cas_segments(segs: Segments, adjustments: tuple[Adjustment, ...]) -> None:
    """CAS segments: one per group code, up to six reason/amount pairs each, reasons merged and in order."""
    grouped: dict[str, dict[str, Decimal]] = defaultdict(dict)
    for a in adjustments:
        if a.amount == 0:
            continue
        grouped[a.group][a.reason] = grouped[a.group].get(a.reason, Decimal("0")) + a.amount
    for group, reasons in grouped.items():
        items = list(reasons.items())
        for start in range(0, len(items), 6):
            elements: list[str] = [group]
            for reason, value in items[start : start + 6]:
                elements += [reason, amount(value), ""]
            segs.add("CAS", *elements)


def _relationship(case: Case, cov: Coverage) -> str:
    return ids.RELATIONSHIP_CODE[cov.relationship]


def _accident(case: Case) -> str | None:
    """CLM11 related causes for an injury claim (and the accident date segment's value)."""
    injury = case.claim.injury
    if injury is None or not injury.related:
        return None
    if injury.kind is InjuryKind.WORK or injury.work_related:
        return "EM"
    if injury.kind in (InjuryKind.AUTO, InjuryKind.MOTORCYCLE):
        return "AA:::" + (injury.state or "IL")
    return "OA"


def write_837(case: Case, life: ClaimLife, submission: Submission, det: Determination | None = None) -> str:
    """The 837 (P or I, by the claim's setting) of one submission of ``life``."""
    det = det or solve(case)
    claim = case.claim
    institutional = claim.setting is not ClaimSetting.PROFESSIONAL
    by_id = {c.id: c for c in case.coverages}
    cov = by_id[submission.coverage]
    order = [by_id[p.coverage] for p in det.positions]
    subscriber = case.person(cov.subscriber)
    patient = case.patient
    key = f"{case.id}:{submission.number}"
    segs = Segments()
    segs.add("BHT", "0019", "00", control("bht", key, digits=9), d8(submission.sent), "1200", "CH")
    segs.add("NM1", "41", "2", "COBSIM SYNTHETIC BILLING SERVICE", "", "", "", "", "46", SUBMITTER_ID)
    segs.add("PER", "IC", "SYNTHETIC DATA DESK", "TE", "5555550100")
    segs.add("NM1", "40", "2", text(ids.payer_name(cov)), "", "", "", "", "46", ids.payer_id(cov))
    segs.add("HL", "1", "", "20", "1")
    segs.add("NM1", "85", "2", text(ids.provider_name(case)), "", "", "", "", "XX", ids.npi(case))
    segs.add("N3", "100 SYNTHETIC PLAZA")
    segs.add("N4", "SPRINGFIELD", "IL", "627010001")
    segs.add("REF", "EI", ids.tax_id(case))
    patient_is_subscriber = cov.subscriber == patient.id
    segs.add("HL", "2", "1", "22", "0" if patient_is_subscriber else "1")
    segs.add(
        "SBR",
        submission.sequence,
        "18" if patient_is_subscriber else "",
        ids.group_number(cov),
        "",
        None if institutional else submission.msp_type,
        "",
        "",
        "",
        ids.filing_indicator(case, cov),
    )
    _name(segs, "IL", subscriber, ids.member_id(case, cov))
    if patient_is_subscriber:
        _address(segs, subscriber)
        segs.add("DMG", "D8", d8(subscriber.birth_date), _sex(subscriber))
    segs.add("NM1", "PR", "2", text(ids.payer_name(cov)), "", "", "", "", "PI", ids.payer_id(cov))
    if not patient_is_subscriber:
        segs.add("HL", "3", "2", "23", "0")
        segs.add("PAT", _relationship(case, cov))
        _name(segs, "QC", patient)
        _address(segs, patient)
        segs.add("DMG", "D8", d8(patient.birth_date), _sex(patient))

    # 2300 claim
    control_number = ids.control_number(case)
    related = _accident(case)
    assigned = "A"
    medicare = next((c for c in order if c.kind is CoverageKind.MEDICARE), None)
    if medicare is not None:
        from cobsim.rules.medicare_coverage import medicare_assigned  # noqa: PLC0415

        assigned = "A" if medicare_assigned(case, medicare) else "C"
    if institutional:
        facility = "11" if claim.setting is ClaimSetting.INPATIENT else "13"
        segs.add("CLM", control_number, amount(claim.billed), "", "", f"{facility}:A:1", "", assigned, "Y", "Y")
    else:
        segs.add("CLM", control_number, amount(claim.billed), "", "", "11:B:1", "Y", assigned, "Y", "Y", "", related)
    if institutional:
        segs.add("DTP", "434", "RD8", f"{d8(claim.service_date)}-{d8(claim.service_date)}")
        if claim.setting is ClaimSetting.INPATIENT:
            segs.add("DTP", "435", "DT", d8(claim.service_date) + "0800")
    injury = case.claim.injury
    if related is not None and injury is not None and injury.accident_date is not None and not institutional:
        segs.add("DTP", "439", "D8", d8(injury.accident_date))
    if institutional:
        segs.add("CL1", "3" if claim.setting is ClaimSetting.INPATIENT else "", "1", "01")
    segs.add("NTE", "ADD", SYNTHETIC_NOTE)
    dx = ids.diagnoses(case)
    if institutional:
        segs.add("HI", f"ABK:{dx[0]}")
        if claim.setting is ClaimSetting.INPATIENT:
            segs.add("HI", f"ABJ:{dx[0]}")
        if len(dx) > 1:
            segs.add("HI", *(f"ABF:{d}" for d in dx[1:12]))
        if submission.msp_type is not None and submission.prior:
            # an institutional claim says why Medicare is secondary with a value code (12-16, 41-43, 47) carrying
            # the amount the primary paid; the 837I does not use SBR05
            first = life.remittance(submission.prior[0])
            paid = first.paid if first is not None else Decimal("0")
            segs.add("HI", f"BE:{submission.msp_type}:::{amount(paid)}")
    else:
        segs.add("HI", f"ABK:{dx[0]}", *(f"ABF:{d}" for d in dx[1:12]))

    # 2320 / 2330A / 2330B: the other payers (none on a claim sent to the wrong payer: the biller did not know)
    priors: dict[str, Remittance] = {}
    for cid in submission.prior:
        rem = life.remittance(cid)
        if rem is not None:
            priors[cid] = rem
    others = [] if submission.rank == 0 else [c for c in order if c.id != cov.id][:10]
    for other in others:
        rank = next(i for i, c in enumerate(order) if c.id == other.id)
        other_sub = case.person(other.subscriber)
        before = order[:rank]
        segs.add(
            "SBR",
            SEQUENCE_CODES[min(rank, len(SEQUENCE_CODES) - 1)],
            _relationship(case, other),
            ids.group_number(other),
            "",
            msp_type(case, det, other, before) if rank > 0 and not institutional else None,
            "",
            "",
            "",
            ids.filing_indicator(case, other),
        )
        rem = priors.get(other.id)
        if rem is not None:
            cas_segments(segs, rem.claim_adjustments)
            segs.add("AMT", "D", amount(rem.paid))
        segs.add("OI", "", "", "Y", "", "", "Y")
        _name(segs, "IL", other_sub, ids.member_id(case, other))
        segs.add("NM1", "PR", "2", text(ids.payer_name(other)), "", "", "", "", "PI", ids.payer_id(other))

    # 2400 lines and 2430 line adjudication
    for n, line in enumerate(claim.lines, start=1):
        segs.add("LX", str(n))
        procedure = f"HC:{line.code}"
        revenue = line.code if line.code.isdigit() and len(line.code) == 4 else None
        if institutional:
            rev = revenue or ("0120" if claim.setting is ClaimSetting.INPATIENT else "0510")
            segs.add("SV2", rev, None if revenue else procedure, amount(line.billed), "UN", str(line.units))
        else:
            segs.add("SV1", procedure, amount(line.billed), "UN", str(line.units), "", "", "1")
        segs.add("DTP", "472", "D8", d8(claim.service_date))
        for other in others:
            rem = priors.get(other.id)
            if rem is None:
                continue
            adj = next(x for x in rem.lines if x.line == line.id)
            if institutional:
                rev = revenue or ("0120" if claim.setting is ClaimSetting.INPATIENT else "0510")
                segs.add(
                    "SVD", ids.payer_id(other), amount(adj.paid), None if revenue else procedure, rev, str(line.units)
                )
            else:
                segs.add("SVD", ids.payer_id(other), amount(adj.paid), procedure, "", str(line.units))
            cas_segments(segs, adj.adjustments)
            segs.add("DTP", "573", "D8", d8(rem.received))
    return envelope(
        segs,
        functional_id="HC",
        version=VERSION_I if institutional else VERSION_P,
        transaction="837",
        sender=SUBMITTER_ID,
        receiver=ids.payer_id(cov),
        on=submission.sent,
        key=key,
    )
