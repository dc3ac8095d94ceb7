"""FHIR R4 interchange: a Bundle per case (Patient, RelatedPerson, Coverage, Claim, ExplanationOfBenefit) and back.

``bundle_json(case, det, life)`` writes the bundle (validated with the ``fhir.resources`` R4B models plus cobsim's
own checks); ``case_from_bundle(data)`` rebuilds a case from a bundle and says which COB facts it lacked.
"""

from cobsim.fhir.bundle import bundle_data, bundle_json, case_bundle, check_bundle

__all__ = ["bundle_data", "bundle_json", "case_bundle", "check_bundle"]
