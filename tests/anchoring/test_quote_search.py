import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corrigenda.anchoring.quote_search import (
    Method,
    anchor,
    common_prefix_length,
    common_suffix_length,
)
from corrigenda.anchoring.selectors import Selector, describe
from corrigenda.anchoring.spans import Span

ARTICLE = (
    "The council met on Tuesday. Olena Kovalenko, the mayor, said the budget of 12 million "
    "was final.\nThe council met again on Friday, when Kovalenko said the budget was not "
    "final after all. Residents of Kyiv and Lviv were told to wait."
)


def _span(text, needle, occurrence=0):
    at = -1
    for _ in range(occurrence + 1):
        at = text.index(needle, at + 1)
    return Span(at, at + len(needle))


@pytest.mark.parametrize(
    ("selector", "expected", "method"),
    [
        (Selector.of("budget of 12 million"), _span(ARTICLE, "budget of 12 million"), Method.EXACT),
        (
            Selector.of("The council met", prefix="final.\n", suffix=" again on"),
            _span(ARTICLE, "The council met", 1),
            Method.EXACT,
        ),
        (
            Selector.of("Kovalenko said", prefix="when ", suffix=" the budget was not"),
            _span(ARTICLE, "Kovalenko said"),
            Method.EXACT,
        ),
        (
            Selector.of("the budget", start=150, end=160),
            _span(ARTICLE, "the budget", 1),
            Method.EXACT,
        ),
        (
            Selector.of("“the mayor,” said"),
            _span(ARTICLE, "the mayor, said"),
            Method.APPROXIMATE,
        ),
        (
            Selector.of("Olena Kovalenko, the mayor,\n  said", prefix="Tuesday. "),
            _span(ARTICLE, "Olena Kovalenko, the mayor, said"),
            Method.EXACT,
        ),
        (
            Selector.of("Olena Kovalneko, the mayor", prefix="Tuesday. ", suffix=", said"),
            _span(ARTICLE, "Olena Kovalenko, the mayor"),
            Method.APPROXIMATE,
        ),
        (
            Selector.of("the budget of 14 million was", prefix="mayor, said ", suffix=" final"),
            _span(ARTICLE, "the budget of 12 million was"),
            Method.APPROXIMATE,
        ),
        (Selector.of("an entirely different sentence about trams"), None, None),
        (Selector.of("Odesa", prefix="Residents of ", suffix=" and Lviv"), None, None),
        (Selector.of("Kyiv", prefix="flights to ", suffix=" resumed on"), None, None),
    ],
)
def test_anchor_finds_the_passage_or_says_it_cannot(selector, expected, method):
    found = anchor(selector, ARTICLE)
    if expected is None:
        assert found is None
    else:
        assert found is not None
        assert (found.span, found.method) == (expected, method)
        assert 0 < found.confidence <= 1


def test_typographic_quotes_and_dashes_in_the_quote_match_straight_ones_in_the_text():
    text = 'The mayor said "we will not wait" - and left.'
    found = anchor(Selector.of("“we will not wait” — and"), text)
    assert found is not None
    assert found.span.of(text) == '"we will not wait" - and'
    assert found.method is Method.EXACT


def test_spans_are_code_points_of_the_searched_text_even_after_emoji():
    text = "🎉🎉 Святкування у Києві 🇺🇦 тривало до ранку."
    found = anchor(Selector.of("тривало до ранку"), text)
    assert found is not None
    assert found.span.of(text) == "тривало до ранку"


def test_an_exact_match_with_no_context_at_all_is_trusted():
    found = anchor(Selector.of("Lviv"), ARTICLE)
    assert found is not None and found.span == _span(ARTICLE, "Lviv")


@pytest.mark.parametrize(
    ("a", "b", "prefix", "suffix"),
    [("", "", 0, 0), ("abc", "abd", 2, 0), ("the council", "a council", 0, 8), ("x", "x", 1, 1)],
)
def test_common_prefix_and_suffix_lengths(a, b, prefix, suffix):
    assert common_prefix_length(a, b) == prefix
    assert common_suffix_length(a, b) == suffix


WORDS = st.sampled_from(["the", "council", "Kyiv", "budget", "12", "said", "—", "“a”", "🎉", "é"])


@st.composite
def text_and_quote(draw):
    words = draw(st.lists(WORDS, min_size=1, max_size=40))
    separators = draw(st.lists(st.sampled_from([" ", " ", "\n", ", "]), min_size=len(words)))
    text = "".join(word + sep for word, sep in zip(words, separators, strict=False)).strip()
    first = draw(st.integers(0, len(words) - 1))
    last = draw(st.integers(first, min(len(words) - 1, first + 6)))
    start = sum(len(w) + len(s) for w, s in zip(words[:first], separators, strict=False))
    end = sum(len(w) + len(s) for w, s in zip(words[:last], separators, strict=False))
    end += len(words[last])
    return text, Span(start, end)


# Property tests run without a deadline: no timing assertions, CI machines vary.
@settings(deadline=None)
@given(text_and_quote())
def test_an_exact_quote_is_always_found_where_the_reader_selected_it(example):
    text, span = example
    found = anchor(describe(text, span), text)
    assert found is not None
    assert found.span == span
    assert found.method is Method.EXACT


@settings(deadline=None)
@given(text_and_quote())
def test_without_its_position_an_exact_quote_is_found_at_an_occurrence_with_its_context(example):
    text, span = example
    selector = describe(text, span)
    found = anchor(Selector(selector.quote), text)
    assert found is not None
    assert describe(text, found.span).quote == selector.quote
