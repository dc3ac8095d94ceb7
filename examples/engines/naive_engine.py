"""A deliberately naive COB engine, to show what a conformance report looks like. Do not copy it.

Its mistakes are the classic ones:

* a dependent child's plans go oldest parent first (the NAIC birthday rule looks at month and day, not age);
* Medicare is always primary once the patient is 65 (the working-aged rule says otherwise);
* Medicaid pays before TRICARE (Medicaid is the payer of last resort);
* the secondary pays the whole remaining balance (COB limits it to what the plan would have paid);
* it never says an order is shared or indeterminate (it always picks one).

It speaks the cobsim-conform/2 protocol (order track) when run as a program (``python naive_engine.py``) and can
be loaded in-process as ``examples/engines/naive_engine.py:answer``.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from decimal import Decimal
from typing import Any

HANDSHAKE = {
    "protocol": "cobsim-conform/2",
    "name": "naive-example-engine",
    "version": "0.2",
    "families": None,
    "tracks": ["order"],
}

INJURY = {"workers_comp", "black_lung", "auto_pip", "auto_medpay", "liability"}
LAST = {"tricare", "tricare_for_life", "champva", "va", "ihs", "crime_victim"}


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def answer(message: dict[str, Any]) -> dict[str, Any]:
    case = message.get("case", message)  # a /2 envelope, or a bare case as /1 sends it
    people = {p["id"]: p for p in case["people"]}
    claim = case["claim"]
    on = date.fromisoformat(claim["service_date"])
    patient = people[claim["patient"]]
    age = _age(date.fromisoformat(patient["birth_date"]), on)

    def in_force(cov: dict[str, Any]) -> bool:
        start = date.fromisoformat(cov["start"]) if cov.get("start") else date.min
        end = date.fromisoformat(cov["end"]) if cov.get("end") else date.max
        return cov["member"] == patient["id"] and start <= on <= end

    def key(cov: dict[str, Any]) -> tuple[int, str, str]:
        kind = cov["kind"]
        subscriber = people.get(cov.get("subscriber") or "", {})
        if kind in INJURY:
            return (0, "", cov["id"])
        if kind in ("medicare", "medicare_advantage") and age >= 65:
            return (1, "", cov["id"])  # mistake: "Medicare is primary at 65"
        if kind in ("medicaid", "chip"):
            return (5, "", cov["id"])  # mistake: before TRICARE
        if kind in LAST:
            return (6, "", cov["id"])
        if kind in ("medicare", "medicare_advantage", "medigap"):
            return (7 if kind == "medigap" else 4, "", cov["id"])
        if cov.get("relationship") in (None, "self"):
            return (2, "", cov["id"])
        return (3, subscriber.get("birth_date", ""), cov["id"])  # mistake: the oldest parent first

    order = [c["id"] for c in sorted((c for c in case["coverages"] if in_force(c)), key=key)]
    result: dict[str, Any] = {"id": case["id"], "order": order}
    lines = claim.get("lines") or []
    if lines and order:
        billed = sum((Decimal(str(line["billed"])) for line in lines), Decimal(0))
        first = (billed * Decimal("0.8")).quantize(Decimal("0.01"))
        payments = dict.fromkeys(order, "0.00")
        payments[order[0]] = f"{first:.2f}"
        if len(order) > 1:
            payments[order[1]] = f"{billed - first:.2f}"  # mistake: the whole remaining balance
        result["payments"] = payments
    return result


def main() -> None:
    sys.stdout.write(json.dumps(HANDSHAKE) + "\n")
    sys.stdout.flush()
    for line in sys.stdin:
        if not line.strip():
            continue
        message = json.loads(line)
        try:
            reply = answer(message)
        except Exception as exc:  # report the failure in the protocol, keep serving
            case = message.get("case", message)
            reply = {"id": case.get("id") if isinstance(case, dict) else None, "error": str(exc)}
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
