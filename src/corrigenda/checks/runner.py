"""Run every enabled check over one revision's text."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from corrigenda.checks import (
    balance,
    boilerplate,
    name_variants,
    repeated_words,
    spelling,
    title_variants,
)
from corrigenda.checks import style_rules as style
from corrigenda.checks.findings import Finding


@dataclass(frozen=True)
class CheckContext:
    text: str
    language: str
    style_rules: tuple[style.StyleRule, ...]
    accepted_words: frozenset[str]
    site_history: boilerplate.SiteHistory | None


def _is_common_word(language: str) -> Callable[[str], bool] | None:
    if not spelling.language_supported(language):
        return None
    return lambda word: spelling.is_known_word(word, language)


# The style rules are run apart (see run_checks): they alone can run out of time.
CHECKS: dict[str, Callable[[CheckContext], list[Finding]]] = {
    repeated_words.RULE: lambda c: repeated_words.check_repeated_words(c.text),
    balance.QUOTE_RULE: lambda c: balance.check_unbalanced_quotes(c.text),
    balance.BRACKET_RULE: lambda c: balance.check_unbalanced_brackets(c.text),
    spelling.RULE: lambda c: spelling.check_spelling(
        c.text, language=c.language, accepted_words=c.accepted_words
    ),
    name_variants.RULE: lambda c: name_variants.check_name_variants(
        c.text, language=c.language, is_common_word=_is_common_word(c.language)
    ),
    title_variants.RULE: lambda c: title_variants.check_title_variants(
        c.text, language=c.language, is_common_word=_is_common_word(c.language)
    ),
    boilerplate.RULE: lambda c: boilerplate.check_boilerplate(c.text, c.site_history),
}
ALL_CHECKS = frozenset({style.RULE, *CHECKS})


class UnknownCheckError(ValueError):
    """`enabled` names a check that does not exist."""


@dataclass(frozen=True)
class CheckResult:
    """The findings, sorted by position, and the desk's style rules that ran out of time
    (`style_rules.STYLE_RULE_BUDGET_SECONDS`) on the text and so found nothing."""

    findings: list[Finding]
    timed_out_style_rules: tuple[style.StyleRule, ...] = ()


def run_checks(
    text: str,
    *,
    language: str,
    enabled: Iterable[str] = ALL_CHECKS,
    style_rules: Iterable[style.StyleRule] = (),
    accepted_words: Iterable[str] = (),
    site_history: boilerplate.SiteHistory | None = None,
) -> CheckResult:
    """Findings of the enabled checks (names in `ALL_CHECKS`), sorted by position.

    `text` is normalised article text; `language` a two-letter code (spelling knows
    en, uk and ru and skips others); `site_history` the site's other articles' texts
    or a precomputed `boilerplate.line_counts` map.
    """
    enabled = frozenset(enabled)
    unknown = enabled - ALL_CHECKS
    if unknown:
        raise UnknownCheckError(f"unknown checks: {', '.join(sorted(unknown))}")
    context = CheckContext(
        text, language.lower()[:2], tuple(style_rules), frozenset(accepted_words), site_history
    )
    styled_result = style.StyleRulesResult([])
    if style.RULE in enabled:
        styled_result = style.check_style_rules(
            context.text, context.style_rules, language=context.language
        )
    findings = styled_result.findings + [
        finding for name in sorted(enabled - {style.RULE}) for finding in CHECKS[name](context)
    ]
    # A spelling the house style already corrects ("Kharkov" -> "Kharkiv") is said once,
    # by the style rule, not again as a name written two ways.
    styled = [f.span for f in findings if f.rule == style.RULE]
    findings = [
        f
        for f in findings
        if f.rule != name_variants.RULE
        or not any(start < f.span[1] and f.span[0] < end for start, end in styled)
    ]
    return CheckResult(sorted(findings, key=lambda f: (f.span, f.rule)), styled_result.timed_out)
