"""Identifiers and codes a claim needs that a case may not state, derived deterministically and visibly synthetic.

A case in format 1.1 can give each payer's X12 identifier, its claim filing indicator, the provider's NPI; when it
does not, these functions derive them from the case's own ids with BLAKE2b (never the clock or ``uuid4``), so the
same case always gets the same identifiers. Derived identifiers start with ``SYN`` (payers, members) or use the
never-issued EIN prefix 00; derived NPIs pass the NPI check digit (so validators accept them) and say nothing about
any real provider.
"""

from __future__ import annotations

import hashlib
import re

from cobsim.model.billing import ClaimFilingIndicator
from cobsim.model.case import Case, Coverage, Person
from cobsim.model.codes import ClaimSetting, CoverageKind, MemberRelationship

_F = ClaimFilingIndicator
#: The claim filing indicator of each kind of coverage when the case does not give one (SBR09 / CLP06).
FILING_BY_KIND: dict[CoverageKind, ClaimFilingIndicator] = {
    CoverageKind.GROUP: _F.COMMERCIAL,
    CoverageKind.INDIVIDUAL: _F.COMMERCIAL,
    CoverageKind.STUDENT: _F.COMMERCIAL,
    CoverageKind.FEHB: _F.FEDERAL_EMPLOYEES,
    CoverageKind.MEDICARE: _F.MEDICARE_PART_B,  # Part A on an institutional claim, see filing_indicator()
    CoverageKind.MEDICARE_ADVANTAGE: _F.HMO_MEDICARE_RISK,
    CoverageKind.MEDIGAP: _F.COMMERCIAL,
    CoverageKind.MEDICAID: _F.MEDICAID,
    CoverageKind.CHIP: _F.MEDICAID,
    CoverageKind.TRICARE: _F.CHAMPUS,
    CoverageKind.TRICARE_FOR_LIFE: _F.CHAMPUS,
    CoverageKind.TRICARE_SUPPLEMENT: _F.COMMERCIAL,
    CoverageKind.CHAMPVA: _F.OTHER_FEDERAL,
    CoverageKind.VA: _F.VETERANS_AFFAIRS,
    CoverageKind.IHS: _F.OTHER_FEDERAL,
    CoverageKind.WORKERS_COMP: _F.WORKERS_COMP,
    CoverageKind.BLACK_LUNG: _F.OTHER_FEDERAL,
    CoverageKind.AUTO_PIP: _F.AUTOMOBILE_MEDICAL,
    CoverageKind.AUTO_MEDPAY: _F.AUTOMOBILE_MEDICAL,
    CoverageKind.LIABILITY: _F.LIABILITY_MEDICAL,
    CoverageKind.CRIME_VICTIM: _F.OTHER_NON_FEDERAL,
}

#: Supplemental payers that take Medicare crossovers when the case does not say (COBA trading partners: state
#: Medicaid agencies and Medigap insurers are required to; documented choice for the rest, which do not).
CROSSOVER_BY_DEFAULT = frozenset({CoverageKind.MEDIGAP, CoverageKind.MEDICAID, CoverageKind.CHIP})

#: The patient's relationship to a subscriber as X12 individual relationship codes (SBR02 / PAT01).
RELATIONSHIP_CODE: dict[MemberRelationship, str] = {
    MemberRelationship.SELF: "18",
    MemberRelationship.SPOUSE: "01",
    MemberRelationship.DOMESTIC_PARTNER: "53",
    MemberRelationship.CHILD: "19",
    MemberRelationship.OTHER_DEPENDENT: "G8",
}


def _digest(*parts: str, size: int = 8) -> str:
    return hashlib.blake2b(":".join(parts).encode(), digest_size=size).hexdigest().upper()


def filing_indicator(case: Case, cov: Coverage) -> str:
    """SBR09: the coverage's own claim filing indicator, else the kind's (Medicare: MA on an institutional claim)."""
    if cov.claim_filing_indicator is not None:
        return cov.claim_filing_indicator.value
    if cov.kind is CoverageKind.MEDICARE and case.claim.setting is not ClaimSetting.PROFESSIONAL:
        return ClaimFilingIndicator.MEDICARE_PART_A.value
    return FILING_BY_KIND[cov.kind].value


def takes_crossover(cov: Coverage) -> bool:
    """Whether Medicare forwards its processed claim to this coverage (a crossover agreement)."""
    if cov.crossover is not None:
        return cov.crossover
    return cov.kind in CROSSOVER_BY_DEFAULT


def payer_name(cov: Coverage) -> str:
    """The payer's name as on the card, else a synthetic name for the kind of coverage."""
    if cov.payer:
        return cov.payer
    if cov.kind is CoverageKind.MEDICARE:
        return "Medicare (synthetic contractor)"
    return f"Synthetic {cov.label}"


def payer_id(cov: Coverage) -> str:
    """The payer's X12 identifier: the case's, else ``SYN`` and six hex digits of the payer's name and kind."""
    if cov.payer_id is not None:
        return cov.payer_id
    return "SYN" + _digest(cov.kind.value, payer_name(cov), size=3)


def member_id(case: Case, cov: Coverage) -> str:
    """The subscriber's member id: the card's, the (fake) Medicare id, else ``SYN`` and hex digits."""
    if cov.kind in (CoverageKind.MEDICARE, CoverageKind.MEDICARE_ADVANTAGE) and cov.medicare and cov.medicare.mbi:
        return _clean_id(cov.medicare.mbi)
    if cov.member_id:
        return _clean_id(cov.member_id)
    return "SYN" + _digest(case.id, cov.id, size=5)


def group_number(cov: Coverage) -> str | None:
    return _clean_id(cov.group_number) if cov.group_number else None


def control_number(case: Case) -> str:
    """The patient control number (CLM01, at most 20 characters here): derived from the claim id."""
    return "C" + _digest(case.id, case.claim.id, size=8)[:15]


def payer_claim_number(case: Case, cov: Coverage, attempt: int) -> str:
    """The payer's claim control number for one submission (CLP07)."""
    return "PCN" + _digest(case.id, cov.id, str(attempt), size=7)


def npi(case: Case) -> str:
    """The billing provider's NPI: the case's, else a synthetic ten-digit number with a valid check digit."""
    if case.claim.provider is not None and case.claim.provider.npi:
        return case.claim.provider.npi
    base = "1" + str(int(_digest("npi", case.id, size=6), 16) % 10**8).zfill(8)
    return base + npi_check_digit(base)


def npi_check_digit(nine: str) -> str:
    """The NPI check digit of nine digits (Luhn over ``80840`` + the digits).

    Examples:
        >>> npi_check_digit("123456789")
        '3'
    """
    total = 0
    for i, digit in enumerate(reversed([int(c) for c in "80840" + nine])):
        doubled = digit * 2 if i % 2 == 0 else digit
        total += doubled - 9 if doubled > 9 else doubled
    return str((10 - total % 10) % 10)


def tax_id(case: Case) -> str:
    """The billing provider's EIN without the hyphen (synthetic: the never-issued prefix 00)."""
    if case.claim.provider is not None and case.claim.provider.tax_id:
        return case.claim.provider.tax_id.replace("-", "")
    return "00" + str(int(_digest("ein", case.id, size=4), 16) % 10**7).zfill(7)


def payer_tax_id(cov: Coverage) -> str:
    """A payer's synthetic EIN without the hyphen (the never-issued prefix 00), from its X12 identifier."""
    return "00" + str(int(_digest("payer-ein", payer_id(cov), size=4), 16) % 10**7).zfill(7)


def provider_name(case: Case) -> str:
    if case.claim.provider is not None and case.claim.provider.name:
        return case.claim.provider.name
    return "Cobsim Synthetic Clinic"


def split_name(person: Person) -> tuple[str, str]:
    """(last, first) of a person; a person without a name is named after their id."""
    if not person.name:
        return ("SYNTHETIC", person.id)
    parts = person.name.split()
    if len(parts) == 1:
        return (parts[0], "")
    return (parts[-1], " ".join(parts[:-1]))


def diagnoses(case: Case) -> tuple[str, ...]:
    """The claim's ICD-10-CM codes: the case's, else R69 (illness, unspecified) or T14.90XA for an injury."""
    if case.claim.diagnoses:
        return case.claim.diagnoses
    if case.claim.injury is not None and case.claim.injury.related:
        return ("T1490XA",)
    return ("R69",)


def _clean_id(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9-]", "", text).upper()[:30] or "SYN0"
