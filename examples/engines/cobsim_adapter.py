"""cobsim's own engine behind the cobsim-conform/2 protocol, in both tracks: ``cobsim conform FIX --engine-cmd
"python examples/engines/cobsim_adapter.py"`` should pass every case. A template for wrapping your own engine.

It reads one message per line (``{"track": "order" | "payments", "case": {...}, "reference": {...}}``) and
writes one answer per line. In the order track it decides the order and says when the order is shared or
indeterminate; in the payments track it pays by the reference order it is given (``reference.ranks``).
"""

from __future__ import annotations

import json
import sys
from typing import Any

from cobsim import __version__, solve
from cobsim.errors import CobsimError
from cobsim.io import parse_case
from cobsim.payments import adjudicate

HANDSHAKE = {
    "protocol": "cobsim-conform/2",
    "name": "cobsim",
    "version": __version__,
    "families": None,
    "tracks": ["order", "payments"],
    "statuses": ["determined", "shared", "indeterminate"],
    "conventions": {"rounding": {"mode": "half_up", "rounds": "coinsurance"}, "allowable_expense": "per_case"},
}


def _amounts(paid: dict[str, Any], patient: Any) -> dict[str, Any]:
    return {"payments": {k: f"{v:.2f}" for k, v in paid.items()}, "patient_owes": f"{patient:.2f}"}


def answer(message: dict[str, Any]) -> dict[str, Any]:
    """The answer to one message (a /2 envelope, or a bare case as /1 sends it)."""
    track = message.get("track", "order") if "case" in message else "order"
    raw = message.get("case", message)
    case = parse_case(raw)
    if track == "payments":
        by_id = {c.id: c for c in case.coverages}
        ranks = [[by_id[c] for c in rank] for rank in message["reference"]["ranks"]]
        payments, _ = adjudicate(case, ranks, case.ruleset)
        if not payments.complete:
            return {"id": raw["id"], "error": " ".join(payments.reasons)}
        return {"id": raw["id"], **_amounts(payments.paid, payments.patient)}
    det = solve(case)
    reply: dict[str, Any] = {"id": raw["id"], "status": det.status.value, "order": list(det.order)}
    if det.status.value == "shared":
        reply["coverages"] = [p.coverage for p in det.positions if p.shares_with]
    elif det.status.value == "indeterminate":
        reply["coverages"] = list(det.order)
    if det.payments is not None and det.payments.complete:
        reply.update(_amounts(det.payments.paid, det.payments.patient))
    return reply


def main() -> None:
    sys.stdout.write(json.dumps(HANDSHAKE) + "\n")
    sys.stdout.flush()
    for line in sys.stdin:
        if not line.strip():
            continue
        message = json.loads(line)
        try:
            reply = answer(message)
        except CobsimError as exc:
            case = message.get("case", message)
            reply = {"id": case.get("id"), "error": str(exc)}
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
