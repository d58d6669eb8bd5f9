"""The labelled set behind bench/checks.py: its labels must be findable in its texts."""

from collections import Counter

from bench.checks_eval.articles import build_eval_set
from corrigenda.anchoring.text import normalize_article_text
from corrigenda.checks import ALL_CHECKS


def test_the_set_is_deterministic_and_large_enough():
    articles = build_eval_set(seed=7)
    assert articles == build_eval_set(seed=7)
    languages = Counter(article.language for article in articles)
    assert languages["en"] >= 60
    assert languages["uk"] + languages["ru"] >= 20


def test_every_check_has_seeded_errors_and_every_label_is_in_its_text():
    articles = build_eval_set(seed=7)
    rules = Counter(rule for article in articles for rule, _ in article.expected)
    assert set(rules) == set(ALL_CHECKS)
    assert sum(1 for article in articles if not article.expected) >= 15
    for article in articles:
        assert normalize_article_text(article.text) == article.text
        for _rule, quote in article.expected:
            assert quote in article.text
