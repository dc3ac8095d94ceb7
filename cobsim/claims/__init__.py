"""The claim's life between payers: submissions, remittances, crossover, denials and rebills, timely filing.

``simulate(case)`` solves the case (or takes a determination) and returns a :class:`ClaimLife`; the X12 writers
(:mod:`cobsim.x12`) and the FHIR writer (:mod:`cobsim.fhir`) turn it into files.
"""

from cobsim.claims.model import ClaimLife, Event, LineAdjudication, Remittance, Submission
from cobsim.claims.simulate import simulate

__all__ = ["ClaimLife", "Event", "LineAdjudication", "Remittance", "Submission", "simulate"]
