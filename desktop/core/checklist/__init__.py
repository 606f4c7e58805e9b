"""The enrolment checklist: from a few answers, the resident's own list of what to do this year.

Every item carries the clause it rests on (``explain.cite``). Where the notice says nothing, the
item says so instead of guessing, and is marked ``silent``.

The rooms: ``model`` (the answers and the result), ``common`` (citations and the answers' facts),
one module per group of sections (``enrolment``, ``payment``, ``reminders``, ``timing``) and
``build`` (the sections in order). Callers import from here.
"""

from desktop.core.checklist.build import build_checklist
from desktop.core.checklist.model import (
    PAYMENT_LABELS,
    Checklist,
    ChecklistAnswers,
    ChecklistItem,
    ChecklistSection,
    PaymentWay,
)

__all__ = [
    "PAYMENT_LABELS",
    "Checklist",
    "ChecklistAnswers",
    "ChecklistItem",
    "ChecklistSection",
    "PaymentWay",
    "build_checklist",
]
