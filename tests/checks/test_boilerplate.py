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
