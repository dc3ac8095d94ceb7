"""What the app does with a case someone uploads or pastes: size first, then the one strict reader.

An upload or a paste larger than :data:`~cobsim.model.limits.MAX_CASE_BYTES` is refused before anything parses it,
with one sentence; the page keeps the pasted text in its box, so nothing typed is lost. Everything else goes
through :func:`cobsim.io.case_from_json`, the same reader as the library and the command line.
"""

from __future__ import annotations

from dataclasses import dataclass

from cobsim.errors import CobsimError
from cobsim.io import case_from_json
from cobsim.jsonio import decode_text
from cobsim.model.case import Case
from cobsim.model.limits import MAX_CASE_BYTES


@dataclass(frozen=True)
class Submission:
    """The outcome of a submitted case: the case and its text, or the sentence that says why not."""

    case: Case | None = None
    text: str | None = None
    error: str | None = None
    warning: str | None = None


def _size_error(what: str, size: int) -> str:
    return f"The {what} is {size:,} bytes; a case may be at most {MAX_CASE_BYTES:,} bytes. " + (
        "Your text is kept in the box: shorten it, or put many cases in a .jsonl file for the command line."
        if what == "pasted text"
        else "Put many cases in a .jsonl file for the command line."
    )


def read_submission(uploaded: bytes | None, pasted: str | None) -> Submission:
    """The case from an uploaded file (when there is one) or else the pasted text.

    Examples:
        >>> read_submission(None, "").warning
        'Give a file or paste a case first.'
        >>> read_submission(None, "x" * 1_000_001).error[:40]
        'The pasted text is 1,000,001 bytes; a ca'
    """
    if uploaded is not None:
        what, size = "uploaded file", len(uploaded)
        data: bytes | str = uploaded
    else:
        text = pasted or ""
        what = "pasted text"
        size = len(text) if len(text) > MAX_CASE_BYTES else len(text.encode("utf-8", "surrogatepass"))
        data = text
    if size > MAX_CASE_BYTES:
        return Submission(error=_size_error(what, size))
    if not data.strip():
        return Submission(warning="Give a file or paste a case first.")
    try:
        case = case_from_json(data)
    except CobsimError as exc:
        return Submission(error=f"That case cannot be read: {exc}")
    return Submission(case=case, text=decode_text(data))
