"""What-if: a fund allocated under other parameters, nothing saved — the total, the sums
per body, the distribution of amounts, and who gains or loses against the last run."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Any

import numpy as np

from cadre.core.errors import ApplicationError
from cadre.orgs.models import Organisation
from cadre.pay import selectors, services
from cadre.pay.models import Fund
from cadre.pay.services.funds import period_mismatch

BINS = 10


def what_if(fund: Fund, overrides: dict[str, Any], *, movers: int = 20) -> dict[str, Any]:
    """``overrides``: rule parameters to change (checked like a rule's)."""
    values = services.rule_check(**overrides)
    if "period_months" in values:
        mismatch = period_mismatch(fund.rule, fund.period, values["period_months"])
        if mismatch:
            raise ApplicationError(mismatch, field="period_months")
    params = dataclasses.replace(selectors.parameters_of(fund.rule), **values)
    loaded, result = services.compute(fund, params)
    ids = result.employee_id
    amounts = result.amount
    bodies = np.array([loaded.body[int(e)] for e in ids.tolist()], dtype=np.int64)
    per_body: dict[int, int] = {}
    if ids.size:
        uniq, inverse = np.unique(bodies, return_inverse=True)
        sums = np.bincount(inverse, weights=amounts.astype(np.float64))
        counts = np.bincount(inverse, weights=(amounts > 0).astype(np.float64))
        per_body = {int(b): int(s) for b, s in zip(uniq.tolist(), sums.tolist(), strict=True)}
        paid_per_body = {
            int(b): int(c) for b, c in zip(uniq.tolist(), counts.tolist(), strict=True)
        }
    else:
        paid_per_body = {}
    names = dict(Organisation.objects.filter(pk__in=per_body).values_list("pk", "name"))
    paid = amounts[amounts > 0]
    distribution: list[dict[str, int]] = []
    if paid.size:
        edges = np.linspace(0, int(paid.max()), BINS + 1)
        counts_, _ = np.histogram(paid, bins=edges)
        distribution = [
            {"from": int(edges[i]), "to": int(edges[i + 1]), "people": int(counts_[i])}
            for i in range(BINS)
        ]
    last = selectors.last_run(fund)
    gains = losses = 0
    changed: list[dict[str, Any]] = []
    if last is not None:
        before = dict(last.lines.values_list("employee_id", "amount"))
        prev = np.array([before.get(int(e), 0) for e in ids.tolist()], dtype=np.int64)
        diff = amounts - prev
        gains, losses = int((diff > 0).sum()), int((diff < 0).sum())
        order = np.argsort(-np.abs(diff), kind="stable")[:movers]
        changed = [
            {
                "employee": int(ids[k]),
                "before": int(prev[k]),
                "after": int(amounts[k]),
                "difference": int(diff[k]),
            }
            for k in order.tolist()
            if diff[k] != 0
        ]
    return {
        "parameters": selectors.parameters_json(params),
        "fund": fund.amount,
        "currency": fund.currency,
        "allocated": result.allocated,
        "unallocated": result.unallocated,
        "adjustment": str(Decimal(f"{result.adjustment:.12f}")),
        "people": int(ids.size),
        "paid": int(paid.size),
        "capped": int(result.capped.sum()),
        "per_body": [
            {"body": b, "name": names.get(b, ""), "amount": s, "paid": paid_per_body[b]}
            for b, s in sorted(per_body.items())
        ],
        "distribution": distribution,
        "last_run": last.number if last is not None else None,
        "gains": gains,
        "losses": losses,
        "movers": changed,
    }
