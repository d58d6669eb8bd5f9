import pytest

from corrigenda.anchoring.text import (
    codepoint_to_utf16_offset,
    normalize_article_text,
    passage_in_context,
    utf16_to_codepoint_offset,
)


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("plain", "plain"),
        ("  two   words  ", "two words"),
        ("line one\n\n   line two", "line one\nline two"),
        ("tab\there", "tab here"),
        ("non\u00a0breaking", "non breaking"),
        ("para one \r\n para two\u2029para three", "para one\npara two\npara three"),
        (" \n \n ", ""),
    ],
)
def test_normalize_article_text_folds_whitespace_and_keeps_paragraphs(raw, normalised):
    assert normalize_article_text(raw) == normalised
    assert normalize_article_text(normalised) == normalised


@pytest.mark.parametrize(
    ("text", "utf16", "codepoint"),
    [
        ("abc", 2, 2),
        ("Київ", 3, 3),
        ("a🎉b", 1, 1),
        ("a🎉b", 3, 2),
        ("a🎉b", 4, 3),
        ("🎉🎉 Київ", 5, 3),
    ],
)
def test_utf16_offsets_convert_to_code_points_and_back(text, utf16, codepoint):
    assert utf16_to_codepoint_offset(text, utf16) == codepoint
    assert codepoint_to_utf16_offset(text, codepoint) == utf16


@pytest.mark.parametrize(("text", "utf16"), [("a🎉b", 2), ("abc", 4), ("abc", -1), ("a🎉", 9)])
def test_offsets_inside_a_surrogate_pair_or_outside_the_text_are_rejected(text, utf16):
    assert utf16_to_codepoint_offset(text, utf16) is None


@pytest.mark.parametrize(
    ("text", "span", "context_chars", "expected"),
    [
        ("one\ntwo three four\nfive", (8, 13), 400, ("two ", "three", " four")),
        ("a b c d e f", (4, 5), 2, ("…b ", "c", " d…")),
        ("quote", (0, 5), 10, ("", "quote", "")),
        ("first line\nsecond", (0, 5), 400, ("", "first", " line")),
    ],
)
def test_passage_in_context_keeps_to_its_paragraph_and_marks_cuts(
    text, span, context_chars, expected
):
    passage = passage_in_context(text, *span, context_chars=context_chars)
    assert (passage.before, passage.quote, passage.after) == expected
