"""X12 5010 writers: 837P / 837I claims with the prior payers' adjudication, and 835 remittances.

``x12_files(case, life)`` gives every file of a claim's life by name: one 837 per claim the provider sent (none for a
crossover: Medicare forwards those) and one 835 per remittance. All are test interchanges (ISA15 = T) with a note
that they are synthetic. :func:`cobsim.x12.validate.validate_x12` checks a file with pyx12 (optional dependency).
"""

from __future__ import annotations

from cobsim.claims.model import ClaimLife
from cobsim.model.case import Case
from cobsim.trace import Determination
from cobsim.x12.claim837 import write_837
from cobsim.x12.remit835 import write_835


def x12_files(case: Case, life: ClaimLife, det: Determination | None = None) -> dict[str, str]:
    """Every X12 file of the claim's life, by file name, in the order they were sent."""
    files: dict[str, str] = {}
    for sub in life.submissions:
        if sub.how != "crossover":
            files[f"{sub.number:02d}-{sub.form}-{sub.coverage}.x12"] = write_837(case, life, sub, det)
        rem = life.answering(sub)
        if rem is not None:
            files[f"{sub.number:02d}-835-{rem.coverage}.x12"] = write_835(case, life, rem)
    return files


__all__ = ["write_835", "write_837", "x12_files"]
