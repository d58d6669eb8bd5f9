import pytest

from corrigenda.checks.balance import check_unbalanced_brackets, check_unbalanced_quotes


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“We will not give up, she said.", [0]),
        ("“We will not give up,” she said.", []),
        ('"We need time, he said.', [0]),
        ('"We need time," he said. "Lots."', []),
        ('"We need time," he said. "Lots.', [25]),
        ("«Ми не здамося, — сказав він.", [0]),
        ("«Слово „ніколи“ ми не вживаємо», — сказала вона.", []),
        ("He said: we lost.” Then left.", [17]),
        ("“The word ‘never’ is not ours,” she said.", []),
        # Each paragraph is balanced on its own.
        ("“Open.\nClosed.”", [0, 14]),
        # A quotation over several paragraphs reopens each one and closes at its end.
        ("“We stayed.\n“Then it stopped,” she said.", []),
        ('"We stayed.\n"Then it stopped," she said.', []),
        ("“We stayed.\n“Then it stopped.", [12]),
    ],
)
def test_unbalanced_quotes(text, expected):
    assert [f.span[0] for f in check_unbalanced_quotes(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The fund (set up in 2019 has paid little.", ["("]),
        ("The fund (set up in 2019) has paid little.", []),
        ("The fund set up in 2019) has paid little.", [")"]),
        ("1) Close the roads. 2) Open the shelters.", []),
        ("a) first, b) second", []),
        ("Nested [a (b) c] fine; mixed (a] bad.", ["(", "]"]),
        ("(Open\nclose)", ["(", ")"]),
        # A smiley standing apart closes nothing; a bracket after a word still does.
        ("“Ducks are loving it :)” she wrote; “no school ;-(”", []),
        ("Sources: council minutes) and more", [")"]),
    ],
)
def test_unbalanced_brackets(text, expected):
    assert sorted(f.quote(text) for f in check_unbalanced_brackets(text)) == sorted(expected)
