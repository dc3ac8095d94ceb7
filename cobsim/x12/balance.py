"""Check that written X12 files balance, by reading the segments back (pyx12 checks syntax, not money).

837: the claim charge (CLM02) equals the line charges; per line and other payer, the line charge equals the SVD
payment plus its CAS amounts; each other payer's AMT*D equals its SVD payments. 835: per line, SVC02 = SVC03 +
CAS; CLP03 = the line charges; CLP04 = CLP03 - every CAS amount; CLP04 = the line payments; CLP05 = the PR
amounts; BPR02 = CLP04.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

ZERO = Decimal("0")


def _segments(text: str) -> list[list[str]]:
    return [s.strip().split("*") for s in text.split("~") if s.strip()]


def _cas_total(seg: list[str], group: str | None = None) -> Decimal:
    total = ZERO
    for i in range(2, len(seg), 3):
        if i + 1 < len(seg) and seg[i + 1] and (group is None or seg[1] == group):
            total += Decimal(seg[i + 1])
    return total


def balance_problems(text: str) -> list[str]:
    """Where an 837 or 835 does not balance (empty when it does)."""
    segs = _segments(text)
    kind = next((s[1] for s in segs if s[0] == "ST"), "")
    return _check_837(segs) if kind == "837" else _check_835(segs) if kind == "835" else [f"not an 837 or 835 ({kind})"]


def _check_837(segs: list[list[str]]) -> list[str]:
    problems: list[str] = []
    charge = ZERO
    lines = ZERO
    amt_d: list[Decimal] = []
    svd_by_payer: dict[str, Decimal] = defaultdict(lambda: ZERO)
    payer_order: list[str] = []
    line_charge = ZERO
    current: tuple[str, Decimal, Decimal] | None = None  # (payer, paid, cas) for the open 2430

    def close() -> None:
        if current is not None:
            payer, paid, cas = current
            if paid + cas != line_charge:
                problems.append(f"line charge {line_charge} != {payer} paid {paid} + adjustments {cas}")

    in_2320 = False
    for seg in segs:
        tag = seg[0]
        if tag == "CLM":
            charge = Decimal(seg[2])
        elif tag == "SBR" and charge:
            in_2320 = True
        elif tag == "AMT" and seg[1] == "D":
            amt_d.append(Decimal(seg[2]))
        elif tag == "NM1" and seg[1] == "PR" and in_2320:
            payer_order.append(seg[9])
        elif tag in ("SV1", "SV2"):
            close()
            current = None
            line_charge = Decimal(seg[2] if tag == "SV1" else seg[3])
            lines += line_charge
        elif tag == "SVD":
            close()
            current = (seg[1], Decimal(seg[2]), ZERO)
            svd_by_payer[seg[1]] += Decimal(seg[2])
        elif tag == "CAS" and current is not None:
            current = (current[0], current[1], current[2] + _cas_total(seg))
        elif tag == "SE":
            close()
            current = None
    if charge != lines:
        problems.append(f"CLM02 {charge} != line charges {lines}")
    paid_payers = [p for p in payer_order if p in svd_by_payer]
    if len(amt_d) != len(paid_payers):
        problems.append(f"{len(amt_d)} AMT*D segments for {len(paid_payers)} payers with line adjudication")
    for payer, amount in zip(paid_payers, amt_d, strict=False):
        if svd_by_payer[payer] != amount:
            problems.append(f"AMT*D {amount} of {payer} != its SVD payments {svd_by_payer[payer]}")
    return problems


def _check_835(segs: list[list[str]]) -> list[str]:
    problems: list[str] = []
    bpr = ZERO
    clp: list[str] = []
    claim_cas = ZERO
    pr = ZERO
    svc_charge = svc_paid = line_cas = ZERO
    line: tuple[Decimal, Decimal, Decimal] | None = None
    charges = ZERO

    def close() -> None:
        if line is not None and line[0] != line[1] + line[2]:
            problems.append(f"SVC charge {line[0]} != paid {line[1]} + adjustments {line[2]}")

    for seg in segs:
        tag = seg[0]
        if tag == "BPR":
            bpr = Decimal(seg[2])
        elif tag == "CLP":
            clp = seg
        elif tag == "SVC":
            close()
            line = (Decimal(seg[2]), Decimal(seg[3]), ZERO)
            charges += line[0]
            svc_paid += line[1]
        elif tag == "CAS":
            pr += _cas_total(seg, "PR")
            if line is None:
                claim_cas += _cas_total(seg)
            else:
                line = (line[0], line[1], line[2] + _cas_total(seg))
                line_cas += _cas_total(seg)
    close()
    svc_charge = charges
    if not clp:
        return ["no CLP segment"]
    charge, paid, patient = Decimal(clp[3]), Decimal(clp[4]), Decimal(clp[5])
    if charge != svc_charge:
        problems.append(f"CLP03 {charge} != line charges {svc_charge}")
    if paid != charge - claim_cas - line_cas:
        problems.append(f"CLP04 {paid} != CLP03 {charge} - adjustments {claim_cas + line_cas}")
    if paid != svc_paid:
        problems.append(f"CLP04 {paid} != line payments {svc_paid}")
    if patient != pr:
        problems.append(f"CLP05 {patient} != PR adjustments {pr}")
    if bpr != paid:
        problems.append(f"BPR02 {bpr} != CLP04 {paid}")
    return problems
