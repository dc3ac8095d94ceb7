"""A payments-only engine behind the cobsim-conform/2 protocol: it never decides the payer order.

Most billing systems take the payer order from their user and compute what each payer pays (Open Dental's
``ComputeBaseEst`` works this way). Such an engine declares ``"tracks": ["payments"]``: the kit sends each case
with cobsim's reference order (``reference.ranks``: payers by rank, coverages that share a rank equally
together), and grades the amounts only. Run it with::

    cobsim conform fixtures.jsonl --engine-cmd "python examples/engines/payments_only.py"

Here the payment calculation is cobsim's own (``cobsim.payments.adjudicate``) so that the example passes; put your
engine's call in its place. Declare your engine's conventions in the handshake: if it rounds the payer's share
rather than the coinsurance, say ``"rounding": {"mode": "half_up", "rounds": "payment"}``; if it always caps a
secondary at its own allowed amount, say ``"allowable_expense": "secondary_allowed"`` (cases stated otherwise are
then graded ``skip``, with the reason).
"""

from __future__ import annotations

import json
import sys
from typing import Any

from cobsim import __version__
from cobsim.errors import CobsimError
from cobsim.io import parse_case
from cobsim.payments import adjudicate

HANDSHAKE = {
    "protocol": "cobsim-conform/2",
    "name": "payments-only-example",
    "version": __version__,
    "families": None,
    "tracks": ["payments"],
    "conventions": {"rounding": {"mode": "half_up", "rounds": "coinsurance"}, "allowable_expense": "per_case"},
}


def answer(message: dict[str, Any]) -> dict[str, Any]:
    """Pay one claim by the reference order: ``{"id", "payments": {coverage: amount}, "patient_owes"}``."""
    raw = message["case"]
    if message.get("track") != "payments":
        return {"id": raw.get("id"), "error": "this engine takes part in the payments track only"}
    case = parse_case(raw)
    by_id = {c.id: c for c in case.coverages}
    ranks = [[by_id[c] for c in rank] for rank in message["reference"]["ranks"]]
    payments, _ = adjudicate(case, ranks, case.ruleset)
    if not payments.complete:
        return {"id": case.id, "error": " ".join(payments.reasons)}
    return {
        "id": case.id,
        "payments": {k: f"{v:.2f}" for k, v in payments.paid.items()},
        "patient_owes": f"{payments.patient:.2f}",
    }


def main() -> None:
    sys.stdout.write(json.dumps(HANDSHAKE) + "\n")
    sys.stdout.flush()
    for line in sys.stdin:
        if not line.strip():
            continue
        message = json.loads(line)
        try:
            reply = answer(message)
        except (CobsimError, KeyError) as exc:
            reply = {"id": message.get("case", {}).get("id"), "error": str(exc)}
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
