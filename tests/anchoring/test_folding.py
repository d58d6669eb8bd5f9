import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corrigenda.anchoring.folding import fold
from corrigenda.anchoring.spans import Span


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("plain words", "plain words"),
        ("“Quoted,” she said", '"Quoted," she said'),
        ("«Цитата» — сказала", '"Цитата" - сказала'),
        ("it’s the council’s", "it's the council's"),
        ("2019–2024 − 3", "2019-2024 - 3"),
        ("wait…", "wait..."),
        ("news\u00adpaper", "newspaper"),
        ("zero\u200bwidth\u2060joiners\ufeff", "zerowidthjoiners"),
        ("line\nbreak\r\nand\u2028more", "line break and more"),
        ("runs  of \t\u00a0 space", "runs of space"),
        (" \u00ad ", " "),
        ("cafe\u0301", "café"),
        ("Kovalenko", "Kovalenko"),
        ("CAPITALS stay", "CAPITALS stay"),
        ("🎉 emoji stay 🇺🇦", "🎉 emoji stay 🇺🇦"),
        ("", ""),
    ],
)
def test_folding_evens_out_what_a_cms_or_a_browser_changes(text, folded):
    assert fold(text).text == folded


@pytest.mark.parametrize(
    ("text", "span", "folded"),
    [
        ("“Quoted,” she said", (1, 8), "Quoted,"),
        ("a  b\u00ad\u00adc…d", (3, 7), "bc"),
        ("a  b\u00ad\u00adc…d", (3, 8), "bc..."),
        ("cafe\u0301 au lait", (0, 5), "café"),
        ("x\n\n  y", (0, 6), "x y"),
    ],
)
def test_spans_map_between_the_original_and_the_folded_text(text, span, folded):
    folded_text = fold(text)
    start, end = folded_text.folded_span(Span(*span))
    assert folded_text.text[start:end] == folded
    assert folded_text.original_span(start, end) == Span(*span)


def test_line_breaks_are_remembered_as_paragraph_ends():
    assert fold("first  para\n\nsecond\u2029third").line_breaks == (10, 17)


# Characters that folding treats specially, mixed with ordinary ones.
SPECIAL = list("aZé9 \n\t\r\u00a0\u2009“”‘’«»—–-…\u00ad\u200b\u200d\u0301Кї🎉.,'\"")


# Property tests run without a deadline: no timing assertions, CI machines vary.
@settings(deadline=None)
@given(st.text(alphabet=st.sampled_from(SPECIAL), max_size=60))
def test_folding_twice_changes_nothing_more(text):
    once = fold(text).text
    assert fold(once).text == once


@settings(deadline=None)
@given(st.text(max_size=60))
def test_folded_offsets_map_back_in_order_and_within_the_text(text):
    folded = fold(text)
    starts = [folded.to_original_start(i) for i in range(len(folded.text) + 1)]
    ends = [folded.to_original_end(i) for i in range(len(folded.text) + 1)]
    assert starts == sorted(starts) and ends == sorted(ends)
    assert all(0 <= offset <= len(text) for offset in starts + ends)
    assert all(start <= end for start, end in zip(starts[:-1], ends[1:], strict=True))


@settings(deadline=None)
@given(st.text(alphabet=st.sampled_from(SPECIAL), max_size=60))
def test_text_and_its_decomposed_form_fold_alike(text):
    assert fold(unicodedata.normalize("NFD", text)).text == fold(text).text


def _accent_after(text, index):
    """Whether an accent follows, maybe behind invisible characters, which folding
    drops: it would join the letter before it."""
    rest = text[index:].lstrip("\u00ad\u200b\u200c\u200d\u2060\ufeff")
    return bool(rest) and unicodedata.combining(rest[0]) > 0


@st.composite
def text_with_a_plain_edged_span(draw):
    """A text and a span whose edge characters are letters or digits, as a reader's
    selection of words is."""
    text = draw(st.text(alphabet=st.sampled_from(SPECIAL), min_size=1, max_size=60))
    plain = [i for i, char in enumerate(text) if char.isalnum() and not _accent_after(text, i + 1)]
    if not plain:
        text += "x"
        plain = [len(text) - 1]
    start = draw(st.sampled_from(plain))
    end = draw(st.sampled_from([i for i in plain if i >= start])) + 1
    return text, Span(start, end)


@settings(deadline=None)
@given(text_with_a_plain_edged_span())
def test_a_passage_folds_alike_alone_and_in_its_text_and_maps_back_exactly(example):
    text, span = example
    folded = fold(text)
    start, end = folded.folded_span(span)
    assert folded.text[start:end] == fold(span.of(text)).text
    assert folded.original_span(start, end) == span
