"""Who is practising: a trainee's name and class code, an optional PIN, and the hashes that protect secrets.

A trainee is the pair (class code, name). The name is compared without regard to case or spacing ("Ana
O'Neil" and "ana  o'neil" are the same trainee), so a reload or a typo in capitals never splits a trainee's
progress in two. Names hold letters in any alphabet (accents included), spaces, apostrophes, hyphens and full
stops, 1 to 80 characters; anything else is refused with one sentence.

Secrets (a trainee's 4-digit PIN, the instructor password) are stored and compared only as salted scrypt hashes.
A 4-digit PIN has 10,000 values, so the store also locks a name after repeated wrong PINs (see
:mod:`cobsim.services.store`); the PIN keeps classmates out of each other's progress, it is not a bank password.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import unicodedata
from dataclasses import dataclass

from cobsim.errors import InvalidInput

NAME_MAX = 80
CLASS_MAX = 999_999
_APOSTROPHES = "'’ʼ"
_HYPHENS = "-‐‑"
_PIN = re.compile(r"^[0-9]{4}$")

# scrypt cost: about 20 ms and 16 MiB per hash on the build machine; enough to make a leaked hash slow to test
_N, _R, _P = 2**14, 8, 1


@dataclass(frozen=True)
class Name:
    """A trainee's name as shown (``display``) and as compared (``key``)."""

    display: str
    key: str


def _allowed(ch: str) -> bool:
    if ch == " " or ch in _APOSTROPHES or ch in _HYPHENS or ch == ".":
        return True
    return unicodedata.category(ch)[0] in ("L", "M")  # letters in any script, and combining accents


def clean_name(text: str) -> Name:
    """A trainee's name: trimmed, inner spaces collapsed; the key is the case-folded NFC form.

    Raises:
        InvalidInput: empty, longer than 80 characters, or a character that is not a letter, space, apostrophe,
            hyphen or full stop.

    Examples:
        >>> clean_name("  Zoë  O'Brien-Núñez ")
        Name(display="Zoë O'Brien-Núñez", key="zoë o'brien-núñez")
        >>> clean_name("DANA lee").key == clean_name("dana LEE").key
        True
    """
    display = unicodedata.normalize("NFC", " ".join(text.split()))
    if not display:
        raise InvalidInput("Enter your name (1 to 80 characters).")
    if len(display) > NAME_MAX:
        raise InvalidInput(f"A name may be at most {NAME_MAX} characters; this one has {len(display)}.")
    bad = next((ch for ch in display if not _allowed(ch)), None)
    if bad is not None:
        what = unicodedata.name(bad, "a control character").lower()
        raise InvalidInput(
            f"A name may hold letters (accents are fine), spaces, apostrophes, hyphens and full stops, not {what}."
        )
    return Name(display, display.casefold())


def clean_class_code(value: str | int) -> int:
    """A class code: a whole number from 0 to 999999 (0 is the open class).

    Raises:
        InvalidInput: not a whole number in that range.

    Examples:
        >>> clean_class_code(" 4711 ")
        4711
    """
    text = str(value).strip()
    if not text.isdigit() or not text.isascii() or int(text) > CLASS_MAX:
        raise InvalidInput(f"A class code is a whole number from 0 to {CLASS_MAX:,}; your instructor gives it to you.")
    return int(text)


def check_pin(pin: str) -> str:
    """A PIN is exactly four digits.

    Raises:
        InvalidInput: anything else.
    """
    pin = pin.strip()
    if not _PIN.match(pin):
        raise InvalidInput("A PIN is exactly 4 digits, for example 2580.")
    return pin


def hash_secret(secret: str, *, salt: bytes | None = None) -> str:
    """A salted scrypt hash as text: ``scrypt$N$r$p$<salt hex>$<hash hex>``."""
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.scrypt(secret.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return f"scrypt${_N}${_R}${_P}${salt.hex()}${digest.hex()}"


def verify_secret(secret: str, stored: str) -> bool:
    """Whether ``secret`` hashes to ``stored`` (constant-time comparison of the hashes).

    Raises:
        InvalidInput: ``stored`` is not a hash made by :func:`hash_secret`.

    Examples:
        >>> h = hash_secret("2580")
        >>> verify_secret("2580", h), verify_secret("0000", h)
        (True, False)
    """
    parts = stored.strip().split("$")
    if len(parts) != 6 or parts[0] != "scrypt" or not all(p.isdigit() for p in parts[1:4]):
        raise InvalidInput("a stored secret must look like scrypt$N$r$p$salt$hash (made by hash_secret)")
    n, r, p = (int(x) for x in parts[1:4])
    try:
        salt, want = bytes.fromhex(parts[4]), bytes.fromhex(parts[5])
    except ValueError:
        raise InvalidInput("a stored secret's salt and hash must be hexadecimal") from None
    got = hashlib.scrypt(secret.encode(), salt=salt, n=n, r=r, p=p, dklen=len(want), maxmem=2**26)
    return hmac.compare_digest(got, want)
