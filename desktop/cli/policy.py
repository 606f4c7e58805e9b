"""``policy YEAR`` and ``diff YEAR_A YEAR_B``: a loaded policy year, and what changed between two,
as JSON."""

from __future__ import annotations

from typing import Any

from desktop.cli.requests import policy_for
from desktop.core.policy.diff import diff_years
from desktop.core.policy.loader import PolicySet
from desktop.core.policy.snapshot import plain


def policy_json(policies: PolicySet, year: int) -> Any:
    return plain(policy_for(policies, year))


def diff_json(policies: PolicySet, old_year: int, new_year: int) -> list[dict[str, Any]]:
    old, new = policy_for(policies, old_year), policy_for(policies, new_year)
    return [
        {
            "path": c.path,
            "section": c.section,
            "label": c.label,
            "kind": c.kind,
            "old": c.old,
            "new": c.new,
            "old_source": c.old_citation.source if c.old_citation else None,
            "new_source": c.new_citation.source if c.new_citation else None,
            # each side's status: a reading, carry-over or outside fact is marked on either year
            "old_status": c.old_citation.status if c.old_citation else None,
            "new_status": c.new_citation.status if c.new_citation else None,
            "old_status_label": c.old_citation.status_label if c.old_citation else None,
            "new_status_label": c.new_citation.status_label if c.new_citation else None,
            "old_quote": c.old_citation.quote if c.old_citation else None,
            "new_quote": c.new_citation.quote if c.new_citation else None,
        }
        for c in diff_years(old, new)
    ]
