import pytest

from corrigenda.anchoring.revision_diff import RevisionDiff

OLD = "The council met on Tuesday. The budget was 12 million. Residents were told to wait."


def _changes(diff):
    return [
        (diff.old[b.old_start : b.old_end], diff.new[b.new_start : b.new_end])
        for b in diff.blocks
        if not b.equal
    ]


@pytest.mark.parametrize(
    ("new", "changes"),
    [
        (OLD, []),
        (OLD.replace("12", "14"), [("12", "14")]),
        (OLD.replace("council met", "council finally met"), [("", "finally ")]),
        (OLD.replace("The budget was 12 million. ", ""), [("The budget was 12 million. ", "")]),
        (
            OLD.replace(
                "Residents were told", "Critics said the plan was late. Residents were told"
            ),
            [("", "Critics said the plan was late. ")],
        ),
        (
            OLD.replace("Residents were told to wait.", "Everyone went home early instead."),
            [("Residents were told to wait.", "Everyone went home early instead.")],
        ),
    ],
)
def test_the_diff_names_what_changed_in_whole_words_or_sentences(new, changes):
    assert _changes(RevisionDiff(OLD, new)) == changes


def test_a_moved_sentence_is_deleted_in_one_place_and_written_in_another():
    new = "The budget was 12 million. The council met on Tuesday. Residents were told to wait."
    diff = RevisionDiff(OLD, new)
    assert sorted(_changes(diff)) == [
        ("", "The budget was 12 million. "),
        ("The budget was 12 million. ", ""),
    ]


@pytest.mark.parametrize(
    ("new", "old_span", "new_span"),
    [
        (OLD, (4, 11), (4, 11)),
        ("Breaking: " + OLD, (4, 11), (14, 21)),
        (OLD.replace("The council", "The city council"), (4, 11), (9, 16)),
        (OLD.replace("met on", "met late on"), (4, 11), (4, 11)),
        (OLD.replace("12 million", "14 million"), (43, 53), (43, 53)),
        (OLD.replace("was 12 million", "was 12.5 million"), (39, 53), (39, 55)),
        (OLD.replace("The budget was 12 million. ", ""), (39, 53), (28, 28)),
    ],
)
def test_spans_carry_over_with_text_inserted_at_their_edges_left_outside(new, old_span, new_span):
    diff = RevisionDiff(OLD, new)
    assert (diff.map_start(old_span[0]), diff.map_end(old_span[1])) == new_span
