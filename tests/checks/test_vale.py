"""Vale style packages read into house style rules: one rule of each supported kind finds
what Vale's would, every rule left out is named with the reason, and an untrusted package
is bounded (size, entries, YAML tags, runaway patterns)."""

import io
import zipfile
from pathlib import Path

import pytest

from corrigenda.checks import run_checks
from corrigenda.checks.style_rules import MAX_TIMEOUTS_PER_IMPORT, check_style_rules
from corrigenda.checks.vale import (
    MAX_ENTRIES,
    MAX_FILE_BYTES,
    MAX_PACKAGE_BYTES,
    MAX_RULES,
    MAX_WORDS,
    ValePackageError,
    read_vale_package,
    vale_package_from_zip,
)

PACKAGE = Path(__file__).parent / "vale_package"

ARTICLE = (
    "Ceasefire Talks Resume In Kiev\n"
    "The ceasefire held, reportedly, until the cease-fire ended ended in Kiev! Prices "
    "rose 5 per cent! Wow!\n"
    "The WHO said the European Broadcasting Union (EBU) agreed, and the EBU and the BBC "
    "said so too. Officials said irregardless."
)


def zipped(files: dict[str, bytes | str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return out.getvalue()


def package_zip() -> bytes:
    return zipped(
        {
            path.relative_to(PACKAGE.parent).as_posix(): path.read_bytes()
            for path in sorted(PACKAGE.rglob("*"))
            if path.is_file()
        }
    )


def findings_by_source(rules, text=ARTICLE, language="en"):
    return [
        (f.rule, f.quote(text), f.suggestion, f.message.rsplit("(Vale ", 1)[1].rstrip(")"))
        for f in check_style_rules(text, rules, language=language).findings
    ]


def test_each_supported_kind_finds_what_its_vale_rule_describes():
    package = read_vale_package(PACKAGE)
    found = findings_by_source(package.rules)
    assert sorted(found, key=lambda f: (f[3], f[1])) == [
        ("style", "WHO", None, "House.Acronyms"),
        (
            "style",
            "The ceasefire held, reportedly, until the cease-fire ended ended in Kiev! Prices "
            "rose 5 per cent! Wow!",
            None,
            "House.Exclamations",
        ),
        (
            "style",
            "Ceasefire Talks Resume In Kiev",
            # "Kiev" is a name: the article writes it with a capital mid-sentence.
            "Ceasefire talks resume in Kiev",
            "House.Headlines",
        ),
        ("style", "reportedly", None, "House.Hedging"),
        ("style", "Kiev", "Kyiv", "House.Places"),
        ("style", "Kiev", "Kyiv", "House.Places"),
        ("style", "per cent", "%", "House.Places"),
        ("style", "cease-fire", "ceasefire", "House.Spellings"),
        ("style", "ended ended", None, "House.Stutter"),
        ("style", "irregardless", None, "vocabulary Newsroom"),
    ]


def test_vale_messages_fill_in_what_was_found():
    package = read_vale_package(PACKAGE)
    messages = {f.message for f in check_style_rules(ARTICLE, package.rules).findings}
    assert "Use 'Kyiv' instead of 'Kiev'. (Vale House.Places)" in messages
    assert "Spell out 'WHO' the first time it is used. (Vale House.Acronyms)" in messages
    assert "Inconsistent spelling of 'cease-fire'. (Vale House.Spellings)" in messages


def test_rules_that_cannot_be_mapped_are_named_with_the_reason():
    package = read_vale_package(PACKAGE)
    skipped = {rule.name: rule.reason for rule in package.skipped}
    assert skipped == {
        "House.Grade": "extends metric: computes formulas over document statistics this "
        "engine does not run",
        "House.Passive": "extends sequence: needs part-of-speech tagging this engine does not run",
        "House.Readability": "extends script: runs a Tengo script, which this engine does not run",
        "House.ListItems": "scope list: article text keeps paragraphs and sentences but no "
        "tables, lists, code, links or other markup",
        "vocabulary Newsroom (accept.txt): [Oo]bservability": "the spelling check accepts "
        "single words, not patterns or phrases",
    }
    assert (package.rule_files, package.imported_rule_files) == (11, 7)


def test_accepted_vocabulary_words_pass_the_spelling_check():
    package = read_vale_package(PACKAGE)
    assert package.accepted_words == ("raion", "plogging", "Kyivite")
    text = "Each raion held a plogging day."
    flagged = run_checks(text, language="en", enabled={"spelling"}).findings
    assert [f.quote(text) for f in flagged] == ["raion", "plogging"]
    accepted = run_checks(
        text, language="en", enabled={"spelling"}, accepted_words=package.accepted_words
    ).findings
    assert accepted == []


def test_a_zip_reads_as_the_folder_does():
    assert vale_package_from_zip(package_zip()) == read_vale_package(PACKAGE)


def test_a_clean_article_gives_no_findings():
    package = read_vale_package(PACKAGE)
    text = (
        "Ceasefire talks resume in Kyiv\n"
        "The World Health Organization (WHO) said the ceasefire held. Prices rose 5%!"
    )
    assert check_style_rules(text, package.rules).findings == []


def test_occurrence_min_and_sentence_scope():
    rule = """extends: occurrence
message: "Keep sentences under 6 words."
scope: sentence
max: 5
token: '\\b\\w+\\b'
"""
    package = vale_package_from_zip(zipped({"House/Length.yml": rule}))
    text = "Short one here. This sentence has far too many words in it. Fine."
    found = check_style_rules(text, package.rules).findings
    assert [f.quote(text) for f in found] == ["This sentence has far too many words in it."]


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({f"House/R{n}.yml": "extends: existence\n" for n in range(MAX_ENTRIES + 1)}, "more than"),
        ({"House/Big.yml": "#" * (MAX_FILE_BYTES + 1)}, "larger than"),
        ({"README.md": "no rules here"}, "no Vale rules"),
        ({"House/Bad.yml": b"\xff\xfe extends"}, "not UTF-8"),
        (
            {"config/vocabularies/Big/accept.txt": "word\n" * (MAX_WORDS + 1)},
            "more than 20000 accepted words",
        ),
        (
            {"House/Many.yml": "extends: existence\ntokens:\n" + "  - x\n" * (MAX_RULES + 1)},
            "more than 5000 rules",
        ),
    ],
)
def test_unreadable_packages_are_refused(files, message):
    with pytest.raises(ValePackageError, match=message):
        vale_package_from_zip(zipped(files))


def test_a_file_that_is_not_a_zip_or_too_large_is_refused():
    with pytest.raises(ValePackageError, match="not a zip file"):
        vale_package_from_zip(b"extends: existence")
    with pytest.raises(ValePackageError, match="larger than"):
        vale_package_from_zip(b"0" * (MAX_PACKAGE_BYTES + 1))


def test_yaml_tags_that_build_objects_are_not_run():
    rule = "extends: !!python/object/apply:os.system ['echo owned']\ntokens: [x]\n"
    package = vale_package_from_zip(zipped({"House/Evil.yml": rule}))
    assert package.rules == ()
    assert package.skipped[0].name == "House.Evil"
    assert package.skipped[0].reason.startswith("not readable as YAML")


def test_runaway_and_broken_patterns_are_skipped_and_the_rest_imported():
    runaway = "extends: existence\nnonword: true\ntokens: ['(a+)+$']\n"
    # The rules before the runaway ones are tried; after five ran out of time, none is.
    files = {"House/Fine.yml": "extends: existence\ntokens: [reportedly]\n"}
    files |= {f"House/Slow{n}.yml": runaway.replace("a+", f"a{'a' * n}+") for n in range(7)}
    files["House/Broken.yml"] = "extends: existence\ntokens: ['(unclosed']\n"
    package = vale_package_from_zip(zipped(files))
    reasons = {rule.name: rule.reason for rule in package.skipped}
    assert reasons["House.Broken"].startswith("a pattern is not a regular expression")
    slow = [reasons[f"House.Slow{n}"] for n in range(7)]
    assert sum(reason.startswith("the pattern took longer") for reason in slow) == (
        MAX_TIMEOUTS_PER_IMPORT
    )
    assert sum(reason.startswith("not tried") for reason in slow) == 7 - MAX_TIMEOUTS_PER_IMPORT
    assert [rule.source for rule in package.rules] == ["Vale House.Fine"]
