"""The policy model: one validated document per policy year."""

from desktop.core.policy.loader import PolicyLoadError, PolicySet, Problem, load_policies, load_policy_file
from desktop.core.policy.model import Figure, PolicyYear

__all__ = [
    "Figure",
    "PolicyLoadError",
    "PolicySet",
    "PolicyYear",
    "Problem",
    "load_policies",
    "load_policy_file",
]
