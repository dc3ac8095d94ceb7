"""Sizes cobsim accepts: every limit on a case in one place, so the model, the readers and the engine agree.

The limits are generous for real families (a patient rarely holds more than four coverages) and keep any single
input bounded in time and memory.
"""

from __future__ import annotations

#: Coverages the engine orders for one patient; the joining is quadratic in this number.
MAX_COVERAGES_PER_PATIENT = 32
