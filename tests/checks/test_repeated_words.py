import pytest

from corrigenda.checks.repeated_words import check_repeated_words


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Police closed the the road.", ["the the"]),
        ("The the road was closed.", ["The the"]),
        ("Поліція перекрила дорогу дорогу.", ["дорогу дорогу"]),
        ("He said that that was wrong.", []),
        ("It had had an effect.", []),
        ("The score was 10 10 at half time.", []),
        ("Go to town.\nTown hall opened.", []),
        ("the theory holds", []),
        ("bye-bye bye", []),
        ("That is is a hard skill.", ["is is"]),
        ("What it is is a hard skill.", []),
        ("Results come in in the city's wards.", []),
        ("He lives in in a flat.", ["in in"]),
        ("Часто можна почути, що що бібліотеки приречені.", ["що що"]),
        ("Кажуть, що що б не сталося, вона прийде.", []),
        ("Говорят, что что-то случилось.", []),
    ],
)
def test_repeated_words(text, expected):
    findings = check_repeated_words(text)
    assert [f.quote(text) for f in findings] == expected
    assert all(f.suggestion == f.quote(text).split()[0] for f in findings)
