"""Synthetic identities: names, addresses, employers, payers, member ids, Medicare ids and SSNs.

Names and places come from faker's en_US data (pinned faker version, so the same seed gives the same people),
drawn with *our* ``random.Random`` - never faker's shared class-level generator. Identifiers are synthetic on
purpose:

* SSNs only from areas the SSA never issues: 900-999 (faker's own ``ssn()`` returns issuable numbers, and its
  ``invalid_ssn()`` can return numbers in issuable areas with a zero group, so neither is used);
* Medicare ids start with ``FAKE`` (a real MBI never has letters in its first four positions);
* member ids start with ``SYN``; payer and employer names are built from surnames and generic words and are
  marked ``(synthetic)``.

:class:`CobsimProvider` offers the same identifiers to anyone who uses faker directly::

    from faker import Faker
    from generators.identity import CobsimProvider
    fake = Faker("en_US"); fake.add_provider(CobsimProvider)
    fake.never_issued_ssn()   # '9..-..-....'
"""

from __future__ import annotations

import bisect
import itertools
import random
from dataclasses import dataclass
from functools import cache
from typing import Any

import faker
from faker.providers import BaseProvider
from faker.providers.address.en_US import Provider as _Address
from faker.providers.person.en_US import Provider as _Person

FAKER_VERSION = faker.VERSION

PAYER_WORDS = ("Mutual", "Health Plan", "Benefit Trust", "Assurance", "Care Network", "Health Alliance")
PLAN_NAMES = ("PPO 500", "PPO 1000", "EPO Gold", "HDHP 3000", "Choice Plus", "Open Access", "POS 750")
#: Plan names that match the kind of coverage (a closed-panel plan is an HMO; an individual policy has a metal tier).
PLAN_NAMES_BY_KIND: dict[str, tuple[str, ...]] = {
    "group": PLAN_NAMES,
    "closed_panel": ("HMO Select", "HMO Value", "HMO Plus"),
    "individual": ("Silver 2500", "Bronze 6000", "Gold 1000"),
    "student": ("Student Health Plan", "Student Health Insurance"),
    "fehb": ("FEHB Standard Option", "FEHB Basic Option"),
    "medicare_advantage": ("Medicare Advantage PPO", "Medicare Advantage HMO"),
    "medigap": ("Medicare Supplement",),
    "tricare_supplement": ("TRICARE Supplement",),
}
EMPLOYER_WORDS = (
    "Logistics",
    "Foods",
    "Hospital",
    "School District",
    "Tool & Die",
    "Software",
    "Construction",
    "Credit Union",
    "Printing",
    "Dental Group",
)


@dataclass(frozen=True)
class _Weighted:
    values: tuple[str, ...]
    cum: tuple[float, ...]

    def pick(self, rng: random.Random) -> str:
        return self.values[bisect.bisect_right(self.cum, rng.random() * self.cum[-1])]


def _weighted(data: Any) -> _Weighted:
    items = sorted(data.items()) if hasattr(data, "items") else [(x, 1.0) for x in sorted(data)]
    return _Weighted(tuple(k for k, _ in items), tuple(itertools.accumulate(float(w) for _, w in items)))


@cache
def _pools() -> dict[str, Any]:
    return {
        "female": _weighted(_Person.first_names_female),
        "male": _weighted(_Person.first_names_male),
        "last": _weighted(_Person.last_names),
        "street_suffix": tuple(_Address.street_suffixes),
        "city_prefix": tuple(_Address.city_prefixes),
        "city_suffix": tuple(_Address.city_suffixes),
        "states": tuple(s for s in _Address.states_abbr if s not in ("AA", "AE", "AP")),
    }


def never_issued_ssn(rng: random.Random) -> str:
    """An SSN in the 9xx area, which the SSA never issues (also used for ITINs, never for SSNs).

    Examples:
        >>> never_issued_ssn(random.Random(1))[0]
        '9'
    """
    return f"9{rng.randrange(100):02d}-{rng.randrange(1, 100):02d}-{rng.randrange(1, 10000):04d}"


def fake_mbi(rng: random.Random) -> str:
    """A visibly fake Medicare id: 'FAKE' and seven digits (real MBIs never start with four letters)."""
    return f"FAKE{rng.randrange(10_000_000):07d}"


def member_id(rng: random.Random) -> str:
    return f"SYN{rng.randrange(10**9):09d}"


class Identity:
    """Draws names and identifiers for one case from the case's own ``random.Random``."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self._p = _pools()
        self._used_payers: set[str] = set()

    def surname(self) -> str:
        name: str = self._p["last"].pick(self.rng)
        return name

    def given(self, sex: str) -> str:
        pool = (
            self._p["female"]
            if sex == "F"
            else self._p["male"]
            if sex == "M"
            else self.rng.choice((self._p["female"], self._p["male"]))
        )
        name: str = pool.pick(self.rng)
        return name

    def full_name(self, sex: str, surname: str | None = None) -> str:
        return f"{self.given(sex)} {surname or self.surname()}"

    def address(self) -> dict[str, str]:
        p = self._p
        street = f"{self.rng.randrange(10, 9999)} {self.surname()} {self.rng.choice(p['street_suffix'])}"
        city = f"{self.rng.choice(p['city_prefix'])} {self.surname()}{self.rng.choice(p['city_suffix'])}"
        return {
            "line1": street,
            "city": city,
            "state": self.rng.choice(p["states"]),
            "postal_code": f"{self.rng.randrange(1000, 99999):05d}",
        }

    def employer_name(self) -> str:
        return f"{self.surname()} {self.rng.choice(EMPLOYER_WORDS)} (synthetic)"

    def payer(self) -> str:
        for _ in range(10):
            name = f"{self.surname()} {self.rng.choice(PAYER_WORDS)}"
            if name not in self._used_payers:
                break
        self._used_payers.add(name)
        return name

    def plan_name(self, kind: str = "group", *, closed_panel: bool = False) -> str:
        """A plan name that matches the kind of coverage."""
        names = (
            PLAN_NAMES_BY_KIND["closed_panel" if closed_panel else kind]
            if (closed_panel or kind in PLAN_NAMES_BY_KIND)
            else PLAN_NAMES
        )
        return self.rng.choice(names)

    def ssn(self) -> str:
        return never_issued_ssn(self.rng)

    def mbi(self) -> str:
        return fake_mbi(self.rng)

    def member_id(self) -> str:
        return member_id(self.rng)


class CobsimProvider(BaseProvider):
    """A faker provider of cobsim's synthetic identifiers, drawing from the faker instance's own random."""

    def never_issued_ssn(self) -> str:
        return never_issued_ssn(self.generator.random)

    def fake_mbi(self) -> str:
        return fake_mbi(self.generator.random)

    def synthetic_member_id(self) -> str:
        return member_id(self.generator.random)

    def synthetic_payer(self) -> str:
        return Identity(self.generator.random).payer()
