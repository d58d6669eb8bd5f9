import pytest

from corrigenda.checks.boilerplate import check_boilerplate, line_counts

HISTORY = [
    f"Story {number} text.\nOur journalism is funded by readers.\nSign-off {number}"
    for number in range(4)
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Prose.\nRead more\nMore prose.", ["Read more"]),
        ("Prose.\nREAD MORE:\nMore prose.", ["READ MORE:"]),
        ("Prose.\nRead more: Floods close roads\nMore.", ["Read more: Floods close roads"]),
        ("Prose.\nЧитайте також: Повені закрили дороги", ["Читайте також: Повені закрили дороги"]),
        ("Prose.\nСамое читаемое", ["Самое читаемое"]),
        ("Read more about the plan in our explainer, published today.", []),
        ("Floods close roads\nProse.\nFloods close roads", ["Floods close roads"]),
        ("Yes.\nProse that repeats itself.\nYes.", []),
        # A card: its headline twice (picture link and title link), then its teaser.
        (
            "Prose.\nRelated stories\nFares rise in January\nFares rise in January\n"
            "The first rise in six years.\nThe mayor went on.",
            [
                "Related stories\nFares rise in January\nFares rise in January\n"
                "The first rise in six years."
            ],
        ),
        # Without a card's repeated headline, the next paragraph is the article again.
        (
            "Prose.\nRelated stories\nFares rise in January\nThe mayor went on.",
            ["Related stories\nFares rise in January"],
        ),
    ],
)
def test_boilerplate_without_history(text, expected):
    assert [f.quote(text) for f in check_boilerplate(text)] == expected


def test_lines_shared_with_other_articles_of_the_site_are_boilerplate():
    text = "Fresh story.\nOur journalism is funded by readers."
    expected = ["Our journalism is funded by readers."]
    assert [f.quote(text) for f in check_boilerplate(text, HISTORY)] == expected
    assert [f.quote(text) for f in check_boilerplate(text, line_counts(HISTORY))] == expected
    assert check_boilerplate(text, HISTORY[:2]) == []


@pytest.mark.parametrize(
    ("text", "history", "expected"),
    [
        # A box: the label and the headlines under it, one finding.
        (
            "Prose.\n\nRelated stories\nFloods close roads, council says\nLibrary opens\n\nMore.",
            None,
            ["Related stories\nFloods close roads, council says\nLibrary opens"],
        ),
        (
            "Проза.\nЧитайте також\nПовені закрили дороги\nБібліотека відкрилася\nЩе проза.",
            None,
            ["Читайте також\nПовені закрили дороги\nБібліотека відкрилася"],
        ),
        # The label is also in the site's other articles: the box is still whole.
        (
            "Prose.\n\nRelated stories\nFloods close roads\n\nMore prose.",
            [f"Story {n}.\nRelated stories\nOther {n}" for n in range(4)],
            ["Related stories\nFloods close roads"],
        ),
        # The site's share bar and correction footer, only blank lines apart: one block.
        (
            "Prose.\n\nShare: Facebook X\n\nTo suggest a correction, press Ctrl+Enter.",
            [
                f"Story {n}.\nShare: Facebook X\nTo suggest a correction, press Ctrl+Enter."
                for n in range(3)
            ],
            ["Share: Facebook X\n\nTo suggest a correction, press Ctrl+Enter."],
        ),
        # Prose after a label is no headline.
        ("Prose.\nRelated stories\nThe council met on Monday.", None, ["Related stories"]),
    ],
)
def test_leaked_blocks_are_one_finding(text, history, expected):
    findings = check_boilerplate(text, history)
    assert [f.quote(text) for f in findings] == expected
    assert all(f.message.startswith("Page furniture inside the article body:") for f in findings)
