"""Every limit of the case format, in one place: sizes, value ranges, text lengths and what error messages quote.

The readers (:mod:`cobsim.jsonio`, :mod:`cobsim.io`), the models, the published JSON Schema, the app's upload
checks and the engine import these names; the README's "Limits" section lists them. A case beyond a limit is
refused with one sentence that names the limit, never truncated or half-read.

Why these numbers:

* Sizes. Real cases are a few kilobytes: the largest example has 5 people and 4 coverages; 20,000 generated cases
  (all scenarios) have at most 5 people, 8 coverages (4 for the patient), 3 claim lines and 6 levels of nesting.
  The caps leave an order of magnitude of room and keep the worst case cheap: a case at the limits (100 people,
  200 coverages, 32 of them the patient's, 100 lines priced by all 32) reads in 0.01 s and solves in 0.2 s of CPU.
* Dates. 1900-01-01 to 2099-12-31 covers everyone alive and every plan year Medicare has known (1966 on), with
  room for the engine's date arithmetic (entitlement 65 years after birth, ESRD periods 36 months after a
  transplant) to stay inside what :class:`datetime.date` can hold.
* Money. At most $99,999,999.99 per amount (8 digits before the point). A claim of ``MAX_CLAIM_LINES`` lines at
  the cap bills under ten billion dollars; sums of such amounts over every payer keep at most 13 significant digits, and an
  amount times a rate (at most ``MAX_RATE_PLACES`` decimals) at most 19, so all arithmetic stays exact within
  :mod:`decimal`'s default 28-digit context: no total is ever rounded silently.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Final

# ------------------------------------------------------------------------------------------------ documents

#: Largest case document (a ``.json`` file, one JSONL line, an upload or a paste), in bytes of UTF-8.
MAX_CASE_BYTES: Final = 1_000_000
#: The app's upload cap in megabytes (Streamlit's unit: MiB): ``server.maxUploadSize`` in .streamlit/config.toml
#: and the uploader's ``max_upload_size``. It is the smallest whole number of MiB that holds MAX_CASE_BYTES; a
#: file between the two is refused by the app's own check with a sentence.
MAX_UPLOAD_MB: Final = 1
#: Deepest nesting of JSON arrays and objects in a case document (real cases nest 6 deep).
MAX_JSON_DEPTH: Final = 16
#: Most digits in a JSON integer (a 64-bit seed has 20).
MAX_INT_DIGITS: Final = 20
#: Most items in any one JSON array, and members in any one JSON object, of a case document.
MAX_JSON_ITEMS: Final = 1_000
#: Most problems listed for one bad case; the rest are counted ("... and 12 more").
MAX_PROBLEMS: Final = 10
#: Most characters of a bad value quoted in an error message (escaped, then cut with "...").
QUOTE_CHARS: Final = 80

# ------------------------------------------------------------------------------------------ records per case

#: People in one case.
MAX_PEOPLE: Final = 100
#: Coverages in one case, all members together.
MAX_COVERAGES: Final = 200
#: Coverages whose member is the claim's patient (the engine compares every pair of them).
MAX_COVERAGES_PER_PATIENT: Final = 32
#: Service lines on the claim.
MAX_CLAIM_LINES: Final = 100
#: Relationships (partners, parents and parent-like adults) in one case.
MAX_RELATIONSHIPS: Final = 400
#: Employers, multi-employer plans, employment records, and child arrangements in one case (each).
MAX_EMPLOYERS: Final = 100
MAX_EMPLOYMENT: Final = 200
MAX_CHILD_ARRANGEMENTS: Final = 100
#: Entries in any smaller list: a coverage's earlier periods, an employer's years, ESRD courses, a decree's
#: plans, the employers of a multi-employer plan, the expected answer's rule ids.
MAX_LIST: Final = 50

# ------------------------------------------------------------------------------------------------- values

#: First and last date the case format accepts, for every date field.
DATE_MIN: Final = date(1900, 1, 1)
DATE_MAX: Final = date(2099, 12, 31)
#: Where the engine's dated rules begin, facts must too (each refusal says why):
#: people born from 2 July 1901 reached 65 once Medicare existed (1966-07-01: the age rule's first value);
EARLIEST_BIRTH: Final = date(1901, 7, 2)
#: Medicare for people with disabilities (and the 24-month wait) began on 1973-07-01;
MEDICARE_DISABILITY_FROM: Final = date(1973, 7, 1)
#: the ESRD coordination period began on 1981-10-01 (OBRA 1981), so ESRD course dates start there;
ESRD_FROM: Final = date(1981, 10, 1)
#: payments use dated amounts: every payer's terms read the TRICARE cap (from 1991-01-01), so a claim with service
#: lines is dated from then; Medicare's own deductibles are known from 2010, so a claim with lines and Medicare
#: coverage for the patient is dated from 2010-01-01.
PAYMENTS_FROM: Final = date(1991, 1, 1)
MEDICARE_PAYMENTS_FROM: Final = date(2010, 1, 1)
#: Largest amount of money, in dollars; amounts are never negative.
MONEY_MAX: Final = Decimal("99999999.99")
#: Most digits before the decimal point of an amount (MONEY_MAX has 8).
MONEY_INT_DIGITS: Final = 8
#: Most decimals of a rate (coinsurance 0.2 or 0.125).
MAX_RATE_PLACES: Final = 6
#: Largest count of employees (the largest U.S. employer has about 2.1 million).
MAX_EMPLOYEES: Final = 10_000_000
#: Most units on a claim line.
MAX_UNITS: Final = 9_999
#: Largest generator seed recorded in a case's meta (64 bits).
MAX_SEED: Final = 2**64 - 1

# --------------------------------------------------------------------------------------------------- text

#: Longest id (letters, digits, '_', '-', '.').
MAX_ID_CHARS: Final = 64
#: Longest short text (a name, a payer, a member id) and long text (a title, a note, a source).
MAX_TEXT_CHARS: Final = 200
MAX_LONG_TEXT_CHARS: Final = 2_000
#: Longest Medicare id ('FAKE' and up to 16 more characters).
MAX_MBI_CHARS: Final = 20

__all__ = [
    "DATE_MAX",
    "DATE_MIN",
    "EARLIEST_BIRTH",
    "ESRD_FROM",
    "MAX_CASE_BYTES",
    "MAX_CHILD_ARRANGEMENTS",
    "MAX_CLAIM_LINES",
    "MAX_COVERAGES",
    "MAX_COVERAGES_PER_PATIENT",
    "MAX_EMPLOYEES",
    "MAX_EMPLOYERS",
    "MAX_EMPLOYMENT",
    "MAX_ID_CHARS",
    "MAX_INT_DIGITS",
    "MAX_JSON_DEPTH",
    "MAX_JSON_ITEMS",
    "MAX_LIST",
    "MAX_LONG_TEXT_CHARS",
    "MAX_MBI_CHARS",
    "MAX_PEOPLE",
    "MAX_PROBLEMS",
    "MAX_RATE_PLACES",
    "MAX_RELATIONSHIPS",
    "MAX_SEED",
    "MAX_TEXT_CHARS",
    "MAX_UNITS",
    "MAX_UPLOAD_MB",
    "MEDICARE_DISABILITY_FROM",
    "MEDICARE_PAYMENTS_FROM",
    "MONEY_INT_DIGITS",
    "MONEY_MAX",
    "PAYMENTS_FROM",
    "QUOTE_CHARS",
]
