import pytest

from corrigenda.anchoring.selectors import (
    InvalidSelector,
    Selector,
    TextPositionSelector,
    TextQuoteSelector,
    describe,
    position_from_utf16,
    position_to_utf16,
)
from corrigenda.anchoring.spans import Span

WIDGET_PAYLOAD = [
    {"type": "TextQuoteSelector", "exact": "the the", "prefix": "said ", "suffix": " mayor"},
    {"type": "TextPositionSelector", "start": 120, "end": 127},
]


def test_the_widget_selector_list_reads_and_writes_back_unchanged():
    selector = Selector.from_json(WIDGET_PAYLOAD)
    assert selector == Selector(
        TextQuoteSelector("the the", "said ", " mayor"), TextPositionSelector(120, 127)
    )
    assert selector.to_json() == WIDGET_PAYLOAD


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (WIDGET_PAYLOAD[0], Selector(TextQuoteSelector("the the", "said ", " mayor"))),
        ([{"type": "TextQuoteSelector", "exact": "x"}], Selector(TextQuoteSelector("x"))),
        (
            [{"type": "RangeSelector", "startContainer": "/p[1]"}, WIDGET_PAYLOAD[0]],
            Selector(TextQuoteSelector("the the", "said ", " mayor")),
        ),
    ],
)
def test_a_single_selector_object_and_other_clients_selector_types_are_accepted(data, expected):
    assert Selector.from_json(data) == expected


@pytest.mark.parametrize(
    "data",
    [
        [],
        [WIDGET_PAYLOAD[1]],
        [{"type": "TextQuoteSelector", "exact": ""}],
        [{"type": "TextQuoteSelector", "exact": 5}],
        [{"type": "TextQuoteSelector", "exact": "x", "prefix": None}],
        [WIDGET_PAYLOAD[0], {"type": "TextPositionSelector", "start": "1", "end": 2}],
        [WIDGET_PAYLOAD[0], {"type": "TextPositionSelector", "start": True, "end": 2}],
        [WIDGET_PAYLOAD[0], {"type": "TextPositionSelector", "start": 5, "end": 2}],
        [WIDGET_PAYLOAD[0], {"type": "TextPositionSelector", "start": -1, "end": 2}],
        ["TextQuoteSelector"],
    ],
)
def test_json_that_does_not_describe_a_passage_is_refused(data):
    with pytest.raises(InvalidSelector):
        Selector.from_json(data)


def test_describe_gives_the_selector_a_readers_selection_produces():
    text = "Olena Kovalenko, the mayor, said the the budget was final."
    start = text.index("the the")
    selector = describe(text, Span(start, start + 7), context=8)
    assert selector.quote == TextQuoteSelector("the the", "r, said ", " budget ")
    assert selector.position == TextPositionSelector(start, start + 7)


@pytest.mark.parametrize(
    ("text", "utf16", "codepoints"),
    [
        ("plain text", (2, 6), (2, 6)),
        ("🎉 Київ 🎉 fine", (3, 7), (2, 6)),
        ("🇺🇦🇺🇦 word", (9, 13), (5, 9)),
    ],
)
def test_browser_positions_convert_to_code_points_and_back(text, utf16, codepoints):
    position = position_from_utf16(text, TextPositionSelector(*utf16))
    assert position == TextPositionSelector(*codepoints)
    assert position_to_utf16(text, position) == TextPositionSelector(*utf16)


def test_a_browser_position_inside_an_emoji_or_past_the_text_does_not_convert():
    assert position_from_utf16("a🎉b", TextPositionSelector(0, 2)) is None
    assert position_from_utf16("abc", TextPositionSelector(1, 9)) is None
