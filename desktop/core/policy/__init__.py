"""The policy model: one validated document per policy year, loaded in its pre-validated form."""

from desktop.core.policy.frozen import Figure, PolicyYear
from desktop.core.policy.loader import PolicyLoadError, PolicySet, Problem, load_policies, load_policy_file

__all__ = [
    "Figure",
    "PolicyLoadError",
    "PolicySet",
    "PolicyYear",
    "Problem",
    "load_policies",
    "load_policy_file",
]
