"""The revision corpus behind bench/anchoring.py: its ground truth must hold."""

import pytest

from bench.corpus import KINDS, generate_corpus
from corrigenda.anchoring import Selector, fold, position_from_utf16
from corrigenda.anchoring.text import normalize_article_text


@pytest.fixture(scope="module")
def revisions():
    return list(generate_corpus(seed=11, articles=3))


def test_every_edit_kind_yields_quotes_with_a_known_outcome(revisions):
    assert {r.kind for r in revisions} == set(KINDS)
    states = {(r.kind, case.state) for r in revisions for case in r.cases}
    assert ("quote's words changed", "changed") in states
    assert ("quote deleted", "orphaned") in states
    assert ("paragraphs reordered", "anchored") in states
    assert all(3 <= len(r.cases) <= 4 for r in revisions if r.kind != "paragraphs reordered")


def test_articles_are_stored_text_of_about_1500_words(revisions):
    for revision in revisions:
        assert 1450 <= revision.article.words <= 1600
        assert normalize_article_text(revision.old_text) == revision.old_text
        assert normalize_article_text(revision.new_text) == revision.new_text


def test_selectors_carry_browser_positions_that_point_at_the_quote(revisions):
    for revision in revisions:
        for case in revision.cases:
            selector = Selector.from_json(case.selector)
            position = position_from_utf16(revision.old_text, selector.position)
            assert position is not None
            assert position.span.of(revision.old_text) == selector.quote.exact


def test_the_expected_passage_reads_as_the_quote_exactly_when_it_is_anchored(revisions):
    for revision in revisions:
        for case in revision.cases:
            exact = fold(case.selector[0]["exact"]).text
            if case.state == "orphaned":
                assert case.span is None
                continue
            found = fold(revision.new_text[case.span[0] : case.span[1]]).text
            assert (found == exact) is (case.state == "anchored"), (revision.kind, exact, found)


def test_the_corpus_is_the_same_for_the_same_seed_and_differs_for_another():
    first = [(r.kind, r.new_text) for r in generate_corpus(seed=5, articles=1)]
    again = [(r.kind, r.new_text) for r in generate_corpus(seed=5, articles=1)]
    other = [(r.kind, r.new_text) for r in generate_corpus(seed=6, articles=1)]
    assert first == again
    assert first != other
