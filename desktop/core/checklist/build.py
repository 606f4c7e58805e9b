"""The whole checklist: the sections in the order the resident reads them."""

from __future__ import annotations

from desktop.core.checklist.enrolment import eligibility_section, registration_sections
from desktop.core.checklist.model import Checklist, ChecklistAnswers
from desktop.core.checklist.payment import documents_section, payment_section, receipts_section
from desktop.core.checklist.reminders import benefits_section, warnings_section
from desktop.core.checklist.timing import timing_section
from desktop.core.policy.frozen import PolicyYear
from desktop.core.policy.required import need


def build_checklist(policy: PolicyYear, answers: ChecklistAnswers) -> Checklist:
    # the year's dates carry every section (when to pay, from when benefits run): refused by name
    # when one is empty, never printed as a blank or a guess
    enr = policy.enrolment
    for name in ("collection_start", "collection_end", "benefit_start", "benefit_end"):
        need(getattr(enr, name), f"enrolment.{name}")
    eligible, eligibility = eligibility_section(policy, answers)
    needs, registration, where = registration_sections(policy, answers)
    timing, problem, benefit_start = timing_section(policy, answers)
    sections = (
        eligibility,
        registration,
        documents_section(policy, answers, needs),
        where,
        payment_section(policy, answers),
        receipts_section(policy),
        warnings_section(policy),
        benefits_section(policy),
        timing,
    )
    return Checklist(
        policy_year=policy.policy_year,
        data_version=policy.data_version,
        eligible=eligible,
        needs_registration=needs,
        sections=sections,
        timing_problem=problem,
        benefit_start=benefit_start,
    )
