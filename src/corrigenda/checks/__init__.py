"""Automatic checks on article text: house style, repeated words, unbalanced quotes
and brackets, spelling, name and title variants, leaked page furniture.

Pure Python (no Django): text in, `Finding`s out, offsets in code points over the
normalised article text.
"""

from corrigenda.checks.findings import Finding, Severity, Words, gettext_noop
from corrigenda.checks.runner import ALL_CHECKS, CheckResult, UnknownCheckError, run_checks
from corrigenda.checks.style_rules import (
    StyleRule,
    StyleRulesCSVError,
    style_rules_from_csv,
    style_rules_to_csv,
)

__all__ = [
    "ALL_CHECKS",
    "CheckResult",
    "Finding",
    "Severity",
    "StyleRule",
    "StyleRulesCSVError",
    "UnknownCheckError",
    "Words",
    "gettext_noop",
    "run_checks",
    "style_rules_from_csv",
    "style_rules_to_csv",
]
