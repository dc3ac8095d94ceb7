"""Building X12 5010 text: segments, the interchange envelope, safe element values.

Delimiters are fixed: ``*`` between elements, ``:`` inside composites, ``^`` for repetitions, ``~`` after each
segment (one segment per line). Text values are upper-cased and cut to X12's basic character set, so a name can
never break the envelope. Every interchange is a test interchange (ISA15 = ``T``): the files are synthetic.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date
from decimal import Decimal

_SAFE = re.compile(r"[^A-Z0-9 .,\-&()/'#!?=+;@%\"]")


def text(value: str, limit: int = 60) -> str:
    """A value in X12's character set: upper case, delimiters and control characters removed.

    Examples:
        >>> text("O'Neil*Smith~ Jr.")
        "O'NEILSMITH JR."
    """
    cleaned = _SAFE.sub("", value.upper())
    return " ".join(cleaned.split())[:limit].strip()


def amount(value: Decimal) -> str:
    """A money amount as X12 writes it: no trailing zeros beyond what is needed.

    Examples:
        >>> amount(Decimal("120.00")), amount(Decimal("19.50")), amount(Decimal("0.00"))
        ('120', '19.5', '0')
    """
    q = value.quantize(Decimal("0.01"))
    s = f"{q:f}"
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s or "0"


def d8(on: date) -> str:
    return on.strftime("%Y%m%d")


def control(*parts: str, digits: int = 9) -> str:
    """A deterministic control number of ``digits`` digits (never zero) from the given parts."""
    value = int(hashlib.blake2b(":".join(parts).encode(), digest_size=8).hexdigest(), 16) % (10**digits - 1) + 1
    return str(value).zfill(digits)


class Segments:
    """An ordered list of segments; ``add`` drops trailing empty elements."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, seg_id: str, *elements: str | None) -> None:
        values = ["" if e is None else e for e in elements]
        while values and values[-1] == "":
            values.pop()
        self.items.append("*".join([seg_id, *values]))

    def __len__(self) -> int:
        return len(self.items)


def envelope(
    body: Segments,
    *,
    functional_id: str,
    version: str,
    transaction: str,
    sender: str,
    receiver: str,
    on: date,
    key: str,
    st03: bool = True,
) -> str:
    """Wrap a transaction set body (without ST/SE) in ST/SE, GS/GE and ISA/IEA; returns the file text."""
    icn = control("isa", key)
    gcn = control("gs", key, digits=6).lstrip("0") or "1"
    st_cn = "0001"
    isa = f"ISA*00*{'':10}*00*{'':10}*ZZ*{sender:<15}*ZZ*{receiver:<15}*{on:%y%m%d}*1200*^*00501*{icn}*0*T*:"
    segs = [
        isa,
        f"GS*{functional_id}*{sender}*{receiver}*{d8(on)}*1200*{gcn}*X*{version}",
        f"ST*{transaction}*{st_cn}*{version}" if st03 else f"ST*{transaction}*{st_cn}",
        *body.items,
    ]
    segs.append(f"SE*{len(body) + 2}*{st_cn}")
    segs.append(f"GE*1*{gcn}")
    segs.append(f"IEA*1*{icn}")
    return "".join(s + "~\n" for s in segs)
