import pytest

from corrigenda.checks.title_variants import check_title_variants


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Under the Minsk Protocol, troops left. The Minsk Protocol held. "
            "The Minsk Accord failed.",
            [("Minsk Accord", "Minsk Protocol")],
        ),
        (
            "The Digital Services Act passed. Critics of the Digital Services Law objected.",
            [("Digital Services Law", "Digital Services Act")],
        ),
        ("The Budget Act passed; the Budget Committee reviews it.", []),
        ("The Geneva Conventions and the Geneva Convention are one thing.", []),
        ("The Paris Agreement and the Rome Agreement differ.", []),
        (
            "Both signed the Minsk agreement. Then the Minsk Protocol.",
            [("Minsk Protocol", "Minsk agreement")],
        ),
    ],
)
def test_title_variants(text, expected):
    findings = check_title_variants(text)
    assert [(f.quote(text), f.suggestion) for f in findings] == expected
    for finding in findings:
        assert text[finding.related[0] : finding.related[1]] == finding.suggestion
