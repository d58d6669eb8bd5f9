import pytest

from corrigenda.anchoring.spans import Span, spans_overlap_enough


@pytest.mark.parametrize(
    ("a", "b", "one_passage"),
    [
        ((0, 10), (0, 10), True),
        ((0, 10), (5, 10), True),
        ((0, 10), (4, 20), True),
        ((0, 10), (6, 30), False),
        ((0, 4), (2, 40), True),
        ((0, 4), (3, 40), False),
        ((0, 10), (10, 20), False),
        ((5, 5), (0, 10), False),
    ],
)
def test_two_spans_are_one_passage_when_they_overlap_by_half_the_shorter(a, b, one_passage):
    assert spans_overlap_enough(a, b) is one_passage
    assert spans_overlap_enough(b, a) is one_passage
    assert Span(*a).overlaps_enough(Span(*b)) is one_passage


@pytest.mark.parametrize(("start", "end"), [(-1, 3), (5, 4)])
def test_a_span_cannot_end_before_it_starts_or_start_before_the_text(start, end):
    with pytest.raises(ValueError):
        Span(start, end)


def test_a_span_reads_its_passage_and_knows_its_length():
    span = Span(4, 9)
    assert span.of("The mayor said") == "mayor"
    assert len(span) == 5
