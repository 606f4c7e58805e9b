"""Pydantic v2 models of one policy year, shaped like the notice.

Every figure is a :class:`Figure`: a value plus where it comes from: ``cite`` names the clause,
``quote`` gives the notice's words verbatim (white space aside; any paraphrase goes in ``reason``).
A figure is either ``official`` (stated in a notice), an ``interpretation`` (the product's reading
of unclear text, ``reason`` says why), ``carried_over`` (not restated this year; ``carried_from``
names the year), ``outside_fact`` (``outside_source`` names the document) or
``not_stated`` (the notices give no figure; ``value`` is null and the UI says so). A figure without
its source does not load. A figure that rests on one of the year's numbered :class:`Reading` s
names it (``reading``), so steps, slips and the 政策 tab can show that reading by its own title.

The rooms, in the order of the document: ``figures`` (Figure, the typed figures, Notice), ``names``
(the year's districts and the categories' roster aliases: data, not figures),
``premiums``, ``enrolment`` (with the waiting period), ``benefits``, ``year`` (PolicyYear, its
guidance and readings, iter_figures). These modules are the one definition of a policy year:
desktop/core/policy/freeze.py derives frozen.py from them, in this order (MODEL_MODULES).
"""

from desktop.core.policy.model.figures import (
    SCHEMA_VERSION,
    CapBasisFig,
    DateFig,
    DatesFig,
    Figure,
    Frozen,
    IntFig,
    Money,
    MoneyFig,
    Notice,
    PointsFig,
    Rate,
    RateFig,
    RelationsFig,
    TextFig,
    TextListFig,
)
from desktop.core.policy.model.year import (
    Confirmation,
    DataVersion,
    NoticeQuote,
    PolicyYear,
    Reading,
    iter_figures,
)

__all__ = [
    "SCHEMA_VERSION",
    "CapBasisFig",
    "Confirmation",
    "DataVersion",
    "DateFig",
    "DatesFig",
    "Figure",
    "Frozen",
    "IntFig",
    "Money",
    "MoneyFig",
    "Notice",
    "NoticeQuote",
    "PolicyYear",
    "Rate",
    "PointsFig",
    "RateFig",
    "Reading",
    "RelationsFig",
    "TextFig",
    "TextListFig",
    "iter_figures",
]
