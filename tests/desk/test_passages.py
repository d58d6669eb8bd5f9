"""What an edit changed in a reported passage, word by word (desk.passages.word_diff)."""

from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from corrigenda.desk.passages import PassageDiff, word_diff


def marked(diff: PassageDiff) -> tuple[str, str]:
    """The diff written out, changed pieces in [brackets]."""

    def write(pieces):
        return "".join(f"[{p.text}]" if p.changed else p.text for p in pieces)

    return write(diff.before), write(diff.after)


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        (
            "longer then planned",
            "longer than planned",
            ("longer [then] planned", "longer [than] planned"),
        ),
        (
            "after the the repairs",
            "after the repairs",
            ("after the [the ]repairs", "after the repairs"),
        ),
        # A rewrite of neighbouring words reads as one change, not word, space, word.
        ("then planned", "than expected", ("[then planned]", "[than expected]")),
        ("4 million euros", "4.2 million euros", ("4 million euros", "4[.2] million euros")),
        (
            "by the end of the month.",
            "by the end of the month, officials said.",
            ("by the end of the month.", "by the end of the month[, officials said]."),
        ),
        ("Київ 🎉 Kyiv", "Київ 🎉 Kyiv, Ukraine", ("Київ 🎉 Kyiv", "Київ 🎉 Kyiv[, Ukraine]")),
        ("Kiev is", "Kyiv is", ("[Kiev] is", "[Kyiv] is")),
        (
            "month.\nThe bridge",
            "month. The bridge",
            ("month.[\n]The bridge", "month.[ ]The bridge"),
        ),
        (
            "a <b>bold</b> claim",
            "a <i>bold</i> claim",
            ("a <[b]>bold</[b]> claim", "a <[i]>bold</[i]> claim"),
        ),
        ("unchanged words", "unchanged words", ("unchanged words", "unchanged words")),
        ("all of it", "", ("[all of it]", "")),
        ("", "new words", ("", "[new words]")),
    ],
)
def test_word_diff_marks_the_words_the_edit_changed(before, after, expected):
    assert marked(word_diff(before, after)) == expected


@given(st.text(), st.text())
def test_word_diff_pieces_add_up_to_both_passages(before, after):
    diff = word_diff(before, after)
    assert "".join(piece.text for piece in diff.before) == before
    assert "".join(piece.text for piece in diff.after) == after
    for pieces in (diff.before, diff.after):
        assert all(piece.text for piece in pieces)
        # Neighbouring pieces differ in kind: each change is shown as one run.
        assert all(a.changed != b.changed for a, b in pairwise(pieces))
