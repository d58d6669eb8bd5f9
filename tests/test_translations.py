"""Every word the desk, the public pages and the emails show goes through translation, and
each of the five languages translates all of it. Run scripts/messages after changing a
marked string, translate what it adds, and commit the .po and .mo files it writes."""

import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.extract import extract
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.template.base import Lexer, TokenType
from django.utils.translation.template import templatize

PACKAGE = Path(settings.PACKAGE_DIR)
LOCALE = PACKAGE / "locale"
LANGUAGES = [code for code, _ in settings.LANGUAGES]
TEMPLATES = sorted(
    path
    for pattern in ("templates/**/*.html", "templates/**/*.txt", "*/templates/**/*")
    for path in PACKAGE.glob(pattern)
    if path.is_file()
)
# Python the translation catalogs cover: all but the widget and the demo paper's files.
PYTHON = sorted(
    path for path in PACKAGE.rglob("*.py") if not {"static", "demo", "migrations"} & set(path.parts)
)
# Words a template may show untranslated: the product's name, the CSV files' extension.
NOT_TRANSLATED = {"Corrigenda", "csv"}
# Elements whose text is code or keys, the same in every language.
CODE_ELEMENTS = {"pre", "code", "kbd", "script", "style"}
# Attributes people read (or hear): their values must be translated like text.
READ_ATTRIBUTES = {"aria-label", "title", "placeholder", "alt"}
# Stands for what a template fills in (a variable) or translates (a {% translate %}).
FILLED = "\N{OBJECT REPLACEMENT CHARACTER}"
# What xgettext reads as a translation call in Django's code and templatized templates.
KEYWORDS = {
    "gettext": None,
    "gettext_lazy": None,
    "gettext_noop": None,
    # The checks' own plural marker (corrigenda.checks.findings), read like ngettext.
    "ngettext_noop": (1, 2),
    "_": None,
    "ngettext": (1, 2),
    "ngettext_lazy": (1, 2),
    "pgettext": ((1, "c"), 2),
    "pgettext_lazy": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "npgettext_lazy": ((1, "c"), 2, 3),
}


def catalog(language: str):
    with open(LOCALE / language / "LC_MESSAGES" / "django.po", "rb") as po:
        return read_po(po, locale=language)


def compiled(language: str):
    with open(LOCALE / language / "LC_MESSAGES" / "django.mo", "rb") as mo:
        return read_mo(mo)


def entries(messages) -> dict:
    """Each message's translation, the same whichever file it was read from."""
    return {(m.context, _value(m.id)): _value(m.string) for m in messages if m.id}


def _value(text):
    return tuple(text) if isinstance(text, (list, tuple)) else text


def skeleton(source: str) -> str:
    """The template's own text, with what it fills in or translates as FILLED."""
    parts, skipping_until = [], None
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            name, *rest = token.contents.split()
            if skipping_until:
                if name == skipping_until:
                    skipping_until = None
            elif name in ("blocktranslate", "blocktrans"):
                parts.append(FILLED)
                skipping_until = "end" + name
            elif name == "comment":
                skipping_until = "endcomment"
            elif name in ("translate", "trans") and "as" not in rest:
                parts.append(FILLED)
        elif token.token_type == TokenType.VAR:
            parts.append(FILLED)
        elif token.token_type == TokenType.TEXT and not skipping_until:
            parts.append(token.contents)
    return "".join(parts)


class ShownText(HTMLParser):
    """Text and read attributes outside code elements."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.shown: list[str] = []
        self.in_code = 0

    def handle_starttag(self, tag, attrs):
        if tag in CODE_ELEMENTS:
            self.in_code += 1
        self.shown += [value or "" for name, value in attrs if name in READ_ATTRIBUTES]

    def handle_endtag(self, tag):
        if tag in CODE_ELEMENTS:
            self.in_code -= 1

    def handle_data(self, data):
        if not self.in_code:
            self.shown.append(data)


def untranslated_words(source: str) -> list[str]:
    parser = ShownText()
    parser.feed(skeleton(source))
    parser.close()
    text = " ".join(parser.shown).replace(FILLED, " ")
    # Letters only: whitespace, punctuation, numbers and symbols need no translation.
    return [word for word in re.findall(r"[^\W\d_]{2,}", text) if word not in NOT_TRANSLATED]


def extracted() -> set[tuple[str | None, str | tuple[str, ...]]]:
    """The messages makemessages would find (Django's templatize, then what xgettext reads)."""
    # Templatized, a template is Python's tokens with its text blanked out; each line on
    # its own (xgettext minds no indentation, Python's tokenizer does).
    sources = [
        "\n".join(line.lstrip() for line in templatize(path.read_text(), str(path)).splitlines())
        for path in TEMPLATES
    ]
    sources += [path.read_text() for path in PYTHON]
    return {
        (context, _value(message))
        for text in sources
        for _, message, _, context in extract(
            "python", io.BytesIO(text.encode()), keywords=KEYWORDS, strip_comment_tags=True
        )
    }


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: str(path.relative_to(PACKAGE)))
def test_every_word_a_template_shows_is_marked_for_translation(template):
    assert untranslated_words(template.read_text()) == []


def test_the_coverage_check_finds_an_unmarked_word():
    assert untranslated_words("<p>{% translate 'Saved' %} Undo</p>") == ["Undo"]
    assert untranslated_words('<nav aria-label="Pages">{{ x }}</nav>') == ["Pages"]
    assert untranslated_words('<p title="{% translate "Pages" %}">12 · 3</p>') == []
    assert untranslated_words("{% blocktranslate %}Hello {{ x }}{% endblocktranslate %}") == []
    assert untranslated_words("<pre>corrigenda check --all</pre> Corrigenda") == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language_translates_every_message(language):
    messages = catalog(language)
    assert not messages.fuzzy
    unfinished = [
        m.id
        for m in messages
        if m.id and ("fuzzy" in m.flags or not all(m.string if m.pluralizable else [m.string]))
    ]
    assert unfinished == []
    # Placeholders such as %(site)s match the English: a wrong one fails when shown.
    problems = [(m.id, errors) for m, errors in messages.check()]
    assert problems == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_committed_mo_file_is_the_po_file_compiled(language):
    assert entries(compiled(language)) == entries(catalog(language))


def test_every_marked_string_is_in_the_catalogs():
    catalogued = {(m.context, _value(m.id)) for m in catalog("en") if m.id}
    assert sorted(extracted() - catalogued, key=str) == []
