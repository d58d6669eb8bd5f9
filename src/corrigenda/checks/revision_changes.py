"""What an edit between two revisions changed, and whether a reader would need a
correction note for it.

`classify_changes(old_text, new_text, language)` aligns the two texts with the anchoring
core's revision diff (sentence by sentence, then word by word), widens each changed
stretch to whole words and names what it is:

- substantive: a number, a date, a name, a quotation's words, a negation, a sentence
  added or removed;
- cosmetic: whitespace, typography (quote marks, dashes, apostrophes), capitalisation,
  hyphenation, a typo fixed inside a word (the old word is no dictionary word, the new one
  is a letter or two away; or a doubled word dropped), a number or date written another
  way ("1,000" / "1 000", "5" / "five", "14/11/2024" / "14 November 2024"), a name put in
  another grammatical case, a sentence moved, other rewording outside quotations.

Each `Change` says in a sentence (`why`; `why_words` for the desk to translate) what it saw.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import OSA, Indel

from corrigenda.anchoring.revision_diff import Block, RevisionDiff
from corrigenda.checks.findings import Words, gettext_noop

SUBSTANTIVE_KINDS = frozenset(
    {"number", "date", "name", "quotation", "negation", "sentence added", "sentence removed"}
)
# Two stretches this alike (Indel similarity, folded) are one sentence moved.
MOVED_SIMILARITY = 0.9


@dataclass(frozen=True)
class Change:
    """One changed stretch: where it was in the old text and is in the new one."""

    old_span: tuple[int, int]
    new_span: tuple[int, int]
    old_text: str
    new_text: str
    kind: str
    substantive: bool
    why_words: Words

    @property
    def why(self) -> str:
        return str(self.why_words)


_WORD = re.compile(r"[^\W_]+(?:['’ʼ][^\W_]+)*")
_QUOTES = "\"“”„«»‘’‚'`ʼ"
_DASHES = "‐‑‒–—―−-"
_SPACES = re.compile(r"\s+")
_NUMBER = re.compile(r"\d+(?:[ \u00a0\u202f,.]\d{3}(?!\d))*(?:[.,]\d+)?")
_TERMINAL = re.compile(r"[.!?…]['\"”»’)]*\s*$")


def _word_list(words: str) -> frozenset[str]:
    return frozenset(words.split())


NEGATIONS = _word_list(
    """not no never nor nobody nothing none neither cannot n't without
    не ні ніколи ніхто ніщо ніде жоден жодного без немає нема
    нет ни никогда никто ничто нигде никакой без"""
)
NUMBER_WORDS = {
    **dict.fromkeys(("one", "a", "один", "одна", "одне", "одно", "одного", "одну"), 1),
    **dict.fromkeys(("two", "два", "дві", "две", "двох", "двух"), 2),
    **dict.fromkeys(("three", "три", "трьох", "трех", "трёх"), 3),
    **dict.fromkeys(("four", "чотири", "четыре", "чотирьох", "четырех"), 4),
    **dict.fromkeys(("five", "п'ять", "пʼять", "п’ять", "пять", "пяти", "п'яти"), 5),
    **dict.fromkeys(("six", "шість", "шесть", "шести"), 6),
    **dict.fromkeys(("seven", "сім", "семь", "семи"), 7),
    **dict.fromkeys(("eight", "вісім", "восемь", "восьми"), 8),
    **dict.fromkeys(("nine", "дев'ять", "девять", "девяти"), 9),
    **dict.fromkeys(("ten", "десять", "десяти"), 10),
    **dict.fromkeys(("eleven",), 11),
    **dict.fromkeys(("twelve",), 12),
    **dict.fromkeys(("twenty", "двадцять", "двадцать"), 20),
    **dict.fromkeys(("hundred", "сто"), 100),
    **dict.fromkeys(("dozen",), 12),
    **dict.fromkeys(("двоє", "двое"), 2),
    **dict.fromkeys(("троє", "трое"), 3),
    **dict.fromkeys(("четверо",), 4),
    **dict.fromkeys(("п'ятеро", "пятеро"), 5),
    **dict.fromkeys(("шестеро",), 6),
    **dict.fromkeys(("half", "половина", "половину", "половини", "половины"), 0.5),
    **dict.fromkeys(("third", "третина", "третину", "треть", "трети"), 0.33),
    **dict.fromkeys(("quarter", "чверть", "четверть", "четверти"), 0.25),
}
# Verbs that turn a statement round ("admitted" / "denied"): as much a negation as "not".
NEGATING_STEMS = (
    "deni", "deny", "refus", "reject", "заперечи", "заперечу", "спростува", "спростову",
    "отрица", "опроверг", "отверг", "відкину",
)  # fmt: skip
_ABBREVIATIONS = frozenset({"mr", "mrs", "ms", "dr", "st", "prof", "no", "gen", "col", "lt"})
_TIME = re.compile(r"\b([01]?\d|2[0-3])[:.]([0-5]\d)\b(?![.,]\d)")
_ABBREVIATED_SCALE = re.compile(r"(\d)(m|bn|k)\b")
_SCALE_NAMES = {"m": " million", "bn": " billion", "k": " thousand"}
# Words that scale a figure: "£1.4 million" and "£1.4 billion" are different sums.
_YEAR_WORDS = frozenset({"года", "году", "року", "році", "г", "р", "year"})
SCALE_WORDS = _word_list(
    """thousand million billion trillion тисяча тисячі тисяч мільйон мільйона мільйонів
    мільярд мільярда мільярдів тысяча тысячи тысяч миллион миллиона миллионов миллиард
    миллиарда миллиардов тис млн млрд"""
)
MONTHS = {
    name: number
    for number, names in enumerate(
        (
            "january січня января січень январь jan",
            "february лютого февраля лютий февраль feb",
            "march березня марта березень март mar",
            "april квітня апреля квітень апрель apr",
            "may травня мая травень май",
            "june червня июня червень июнь jun",
            "july липня июля липень июль jul",
            "august серпня августа серпень август aug",
            "september вересня сентября вересень сентябрь sep sept",
            "october жовтня октября жовтень октябрь oct",
            "november листопада ноября листопад ноябрь nov",
            "december грудня декабря грудень декабрь dec",
        ),
        1,
    )
    for name in names.split()
}
WEEKDAYS = _word_list(
    """monday tuesday wednesday thursday friday saturday sunday понеділок понеділка вівторок
    вівторка середа середу четвер четверга пʼятниця п'ятниця п’ятницю пʼятницю п'ятницю субота
    суботу неділя неділю понедельник вторник среда среду четверг пятница пятницу суббота
    субботу воскресенье"""
)
# 14/11/2024, 14.05.2025, 18.04 (without a year, only with a two-digit month: "1.2" is
# a decimal).
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})[./](?:(\d{1,2})[./](\d{2,4})|(\d{2}))\b(?![.,]\d)")


def _fold(text: str) -> str:
    """Typography away: one kind of quote mark, dash and space, NFKC."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join('"' if c in _QUOTES else "-" if c in _DASHES else c for c in text)
    return _SPACES.sub(" ", text.replace("…", "...")).strip()


def _words(text: str) -> list[str]:
    return [w.lower().replace("’", "'").replace("ʼ", "'") for w in _WORD.findall(text)]


def _figures_text(text: str) -> str:
    """Dates as their day and year, times as hours and minutes, "2m" as "2 million"."""
    text = _ABBREVIATED_SCALE.sub(lambda m: m.group(1) + _SCALE_NAMES[m.group(2)], text)
    text = _NUMERIC_DATE.sub(
        lambda m: f" {int(m.group(1))} ; {m.group(3) or ''} " if _month(m) else m.group(), text
    )
    return _TIME.sub(lambda m: f" {int(m.group(1))} ; {int(m.group(2))} ", text)


def _month(match: re.Match[str]) -> int | None:
    month = int(match.group(2) or match.group(4))
    return month if 1 <= month <= 12 else None


def _numbers(text: str) -> list[float]:
    """The figures a stretch states, from digits or number words, scaled by "million"."""
    values: list[float] = []
    text = _figures_text(text)
    for match in _NUMBER.finditer(text):
        raw = re.sub(r"[ \u00a0\u202f]", "", match.group())
        if re.fullmatch(r"\d{1,3}(?:,\d{3})+", raw):
            raw = raw.replace(",", "")
        raw = raw.replace(",", ".")
        if raw.count(".") > 1:
            raw = raw.replace(".", "")
        try:
            values.append(float(raw))
        except ValueError:
            continue
    values += [float(NUMBER_WORDS[w]) for w in _words(text) if w in NUMBER_WORDS and w != "a"]
    return sorted(values)


def _dates(text: str) -> list[tuple[int, ...]]:
    # "may" is a month only as "May".
    words = [w.lower() for w in _WORD.findall(text) if w != "may"]
    found: list[tuple[int, ...]] = [(MONTHS[w],) for w in words if w in MONTHS]
    found += [(month,) for m in _NUMERIC_DATE.finditer(text) if (month := _month(m))]
    return sorted(found)


def _weekdays(text: str) -> list[str]:
    return sorted(w for w in _words(text) if w in WEEKDAYS)


def _inside_quotation(text: str, start: int, end: int) -> bool:
    """The stretch lies between an opening and a closing quotation mark of its paragraph."""
    end = start
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    before, after = text[line_start:start], text[end:line_end]
    opens = before.count("«") + before.count("“") + before.count("„")
    closes = before.count("»") + before.count("”")
    # In „…“ the “ closes.
    closes += before.count("“") if "„" in before else 0
    opens -= before.count("“") if "„" in before else 0
    straight_open = before.count('"') % 2 == 1
    return (opens > closes or straight_open) and any(c in after for c in '»”“"')


@lru_cache(maxsize=50_000)
def _lemma(word: str, language: str) -> str:
    from corrigenda.checks.spelling import morphology

    analyzer = morphology(language)
    if analyzer is None:
        return word.lower().removesuffix("'s").removesuffix("’s")
    return analyzer.parse(word)[0].normal_form.replace("ё", "е")


def _known(word: str, language: str) -> bool:
    from corrigenda.checks import spelling

    if not spelling.language_supported(language):
        return True
    return spelling.in_dictionary(word, language)


_OPENS_SENTENCE = re.compile(r"(?:^|\n|([\w]*)[.!?…:]['\"”»]*\s+|[«„\"“(—–-]\s*)$")


def _names(text: str, start: int, end: int, language: str) -> list[str]:
    """Capitalised words of text[start:end], by dictionary form; a word opening a
    sentence only when it is no dictionary word in lower case ("Helen", not "The")."""
    names = []
    for match in _WORD.finditer(text, start, end):
        word = match.group()
        if not word[0].isupper():
            continue
        opening = _OPENS_SENTENCE.search(text[max(0, match.start() - 40) : match.start()])
        after_abbreviation = opening is not None and (opening.group(1) or "").lower() in (
            _ABBREVIATIONS
        )
        if opening and not after_abbreviation and _known(word.lower(), language):
            continue
        names.append(_lemma(word, language))
    return sorted(names)


def _typo_fixes(old: list[str], new: list[str], language: str, before: str = "") -> bool:
    """Every word that changed was misspelt and is now a word a letter or two away,
    or a doubled word was dropped (`before`: the word before the stretch)."""
    if before and len(old) == len(new) + 1 and old[0] == before and old[1:] == new:
        return True
    if len(old) == len(new) + 1:
        for index in range(len(new) + 1):
            if old[:index] + old[index + 1 :] == new and (
                (index and old[index - 1] == old[index])
                or (index + 1 < len(old) and old[index + 1] == old[index])
            ):
                return True
    if len(old) != len(new):
        return False
    pairs = [(a, b) for a, b in zip(old, new, strict=True) if a != b]
    return bool(pairs) and all(
        OSA.distance(a, b) <= 2
        and len(b) >= 3
        and (not _known(a, language) or _spelling_reform(a, b))
        and _known(b, language)
        for a, b in pairs
    )


def _spelling_reform(old: str, new: str) -> bool:
    """«проект» / «проєкт»: the 2019 Ukrainian orthography, the same word."""
    return old.replace("е", "є") == new or old.replace("ё", "е") == new.replace("ё", "е")


def _name_typo_fixed(old_text: str, span: tuple[int, int], old: list[str], new: list[str]) -> bool:
    """Each changed name is now a letter or two away, spelled as the article already
    spelled it elsewhere ("Бондарренко" -> "Бондаренко" beside three "Бондаренко")."""
    if len(old) != len(new):
        return False
    elsewhere = set(_WORD.findall(old_text[: span[0]] + " " + old_text[span[1] :]))
    pairs = [(a, b) for a, b in zip(old, new, strict=True) if a != b]
    return bool(pairs) and all(
        OSA.distance(a, b) <= 2 and b in elsewhere and a not in elsewhere for a, b in pairs
    )


def _same_name_other_case(old: list[str], new: list[str], language: str) -> bool:
    if len(old) != len(new):
        return False
    pairs = [(a, b) for a, b in zip(old, new, strict=True) if a != b]
    return bool(pairs) and all(_lemma(a, language) == _lemma(b, language) for a, b in pairs)


def _describe(
    old_text: str,
    new_text: str,
    spans: tuple[tuple[int, int], tuple[int, int]],
    language: str,
) -> tuple[str, Words]:
    """(kind, why) of one changed stretch (its spans in the old and the new text)."""
    old_seg, new_seg = old_text[slice(*spans[0])], new_text[slice(*spans[1])]
    span = spans[1] if not _words(old_seg) else spans[0]
    if old_seg.split() == new_seg.split():
        return "whitespace", Words(gettext_noop("Only line breaks or spaces changed."))
    old_fold, new_fold = _fold(old_seg), _fold(new_seg)
    if old_fold == new_fold:
        if any(c in _QUOTES for c in old_seg + new_seg):
            return "quote marks", Words(
                gettext_noop("Only quotation marks or apostrophes were retypeset.")
            )
        if any(c in _DASHES for c in old_seg + new_seg):
            return "dash", Words(gettext_noop("Only dashes or hyphens were retypeset."))
        return "typography", Words(
            gettext_noop("Only typography changed (spaces, ellipses, letter forms).")
        )
    if old_fold.lower() == new_fold.lower():
        return "capitalisation", Words(gettext_noop("Only capital letters changed."))
    if re.sub(r"[\s\-]", "", old_fold).lower() == re.sub(r"[\s\-]", "", new_fold).lower():
        return "hyphenation", Words(gettext_noop("Only hyphens or word breaks changed."))
    old_words, new_words = _words(old_seg), _words(new_seg)
    if not old_words and not new_words:
        return "typography", Words(gettext_noop("Only punctuation changed."))
    inserted, deleted = not old_words, not new_words
    if inserted or deleted:
        added = new_seg if inserted else old_seg
        whole = _TERMINAL.search(added.strip()) is not None and len(_words(added)) >= 4
        text, where = (new_text, "new") if inserted else (old_text, "old")
        if whole and not _inside_quotation(text, *span):
            verb = "added" if inserted else "removed"
            said = (
                gettext_noop("A sentence was added: “%(words)s”.")
                if inserted
                else gettext_noop("A sentence was removed: “%(words)s”.")
            )
            return f"sentence {verb}", Words(said, {"words": _short(added)})
    if (
        _numbers(old_seg) == _numbers(new_seg)
        and _scale(old_seg) != _scale(new_seg)
        and _typo_fixes(old_words, new_words, language)
    ):
        # "mllion" -> "million": a misspelling, the figure is the same.
        return (
            "typo fixed",
            _changed(
                gettext_noop("A misspelling was corrected: “%(old)s” → “%(new)s”."),
                old_seg,
                new_seg,
            ),
        )
    if _numbers(old_seg) != _numbers(new_seg) or _scale(old_seg) != _scale(new_seg):
        if _dates(old_seg) != _dates(new_seg) or _near_month(old_text, spans[0]):
            return "date", _changed(
                gettext_noop("A date changed: “%(old)s” → “%(new)s”."), old_seg, new_seg
            )
        return "number", _changed(
            gettext_noop("A figure changed: “%(old)s” → “%(new)s”."), old_seg, new_seg
        )
    if _dates(old_seg) != _dates(new_seg) or _weekdays(old_seg) != _weekdays(new_seg):
        return "date", _changed(
            gettext_noop("A date changed: “%(old)s” → “%(new)s”."), old_seg, new_seg
        )
    if (
        (_numbers(old_seg) or _dates(old_seg))
        and _numeric_rewrite(old_seg, new_seg)
        and _plain_words(old_seg) == _plain_words(new_seg)
    ):
        return "number format", Words(gettext_noop("The same figure or date, written another way."))
    if _negations(old_words) != _negations(new_words):
        return "negation", _changed(
            gettext_noop("A negation changed: “%(old)s” → “%(new)s”."), old_seg, new_seg
        )
    old_at, new_at = spans
    old_caps = [w for w in _WORD.findall(old_seg) if w[0].isupper()]
    new_caps = [w for w in _WORD.findall(new_seg) if w[0].isupper()]
    if old_caps != new_caps and _same_name_other_case(old_caps, new_caps, language):
        return "name case", Words(gettext_noop("The same name in another grammatical case."))
    if _names(old_text, *old_at, language) != _names(new_text, *new_at, language):
        old_caps = [w for w in _WORD.findall(old_seg) if w[0].isupper()]
        new_caps = [w for w in _WORD.findall(new_seg) if w[0].isupper()]
        if _same_name_other_case(old_caps, new_caps, language):
            return "name case", Words(gettext_noop("The same name in another grammatical case."))
        if _name_typo_fixed(old_text, spans[0], old_caps, new_caps):
            return "typo fixed", _changed(
                gettext_noop(
                    "A misspelt name corrected to the spelling the article already uses: "
                    "“%(old)s” → “%(new)s”."
                ),
                old_seg,
                new_seg,
            )
        return "name", _changed(
            gettext_noop("A name changed: “%(old)s” → “%(new)s”."), old_seg, new_seg
        )
    before = _words(old_text[max(0, old_at[0] - 30) : old_at[0]])
    if _typo_fixes(old_words, new_words, language, before[-1] if before else ""):
        return (
            "typo fixed",
            _changed(
                gettext_noop("A misspelling was corrected: “%(old)s” → “%(new)s”."),
                old_seg,
                new_seg,
            ),
        )
    if _inside_quotation(old_text, *span) if not inserted else _inside_quotation(new_text, *span):
        return (
            "quotation",
            _changed(
                gettext_noop("Words inside a quotation changed: “%(old)s” → “%(new)s”."),
                old_seg,
                new_seg,
            ),
        )
    if inserted or deleted:
        said = (
            gettext_noop("Words added outside quotations: “%(words)s”.")
            if inserted
            else gettext_noop("Words removed outside quotations: “%(words)s”.")
        )
        return "reworded", Words(said, {"words": _short(old_seg or new_seg)})
    return "reworded", Words(
        gettext_noop("Words changed outside quotations, with no figure, date, name or negation.")
    )


def _negations(words: list[str]) -> list[str]:
    return sorted(
        w for w in words if w in NEGATIONS or w.endswith("n't") or w.startswith(NEGATING_STEMS)
    )


def _plain_words(text: str) -> list[str]:
    """The words that are not figures, number words, scale words, months or "year"."""
    return [
        w
        for w in _words(_figures_text(text))
        if not w.isdigit()
        and w not in NUMBER_WORDS
        and w not in MONTHS
        and w not in SCALE_WORDS
        and w not in _YEAR_WORDS
    ]


def _scale(text: str) -> list[str]:
    return sorted(w for w in _words(_figures_text(text)) if w in SCALE_WORDS)


def _near_month(text: str, span: tuple[int, int]) -> bool:
    """A figure right before or after a month's name is a day or a year."""
    around = text[max(0, span[0] - 12) : span[0]] + " " + text[span[1] : span[1] + 12]
    return bool(_dates(around))


def _numeric_rewrite(old: str, new: str) -> bool:
    return _numbers(old) == _numbers(new) and _dates(old) == _dates(new)


def _changed(template: str, old: str, new: str) -> Words:
    return Words(template, {"old": _short(old), "new": _short(new)})


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _slid(
    old: str, new: str, block: Block, following: Block | None
) -> tuple[tuple[int, int], tuple[int, int]]:
    """A sentence added or removed starts at a space or line break: the alignment may
    have put it one mark early (".\nThe mayor resigned" before the old "."), which would
    widen it into the word before; slide it right over the equal text after it."""
    old_span, new_span = (block.old_start, block.old_end), (block.new_start, block.new_end)
    if following is None or not following.equal or (block.old_length and block.new_length):
        return old_span, new_span
    text, (start, end) = (new, new_span) if block.new_length else (old, old_span)
    if text[start].isspace():
        return old_span, new_span
    for shift in range(1, min(end - start, following.old_length) + 1):
        # Only over a sentence's closing marks: other slides would cut a word off.
        mark = text[start + shift - 1]
        if mark != text[end + shift - 1] or mark not in ".!?…'\"”»’)":
            break
        if start + shift < len(text) and text[start + shift].isspace():
            if block.new_length:
                return (old_span[0] + shift, old_span[1] + shift), (start + shift, end + shift)
            return (start + shift, end + shift), (new_span[0] + shift, new_span[1] + shift)
    return old_span, new_span


def _widen(
    old: str, new: str, old_span: tuple[int, int], new_span: tuple[int, int]
) -> tuple[tuple[int, int], tuple[int, int]]:
    """To whole words on both sides alike: a change inside "recieved" or "14/11/2024" is
    the word (a change that starts or ends between words stays as it is)."""
    (old_start, old_end), (new_start, new_end) = old_span, new_span

    def inside(text: str, start: int, end: int, at: int) -> bool:
        return start < end and not text[at].isspace()

    if inside(old, old_start, old_end, old_start) or inside(new, new_start, new_end, new_start):
        while old_start > 0 and new_start > 0 and not old[old_start - 1].isspace():
            old_start, new_start = old_start - 1, new_start - 1
    if inside(old, old_start, old_end, old_end - 1) or inside(new, new_start, new_end, new_end - 1):
        while old_end < len(old) and new_end < len(new) and not old[old_end].isspace():
            old_end, new_end = old_end + 1, new_end + 1
    return (old_start, old_end), (new_start, new_end)


_SENTENCE_END = re.compile(r"(?<=[.!?…])['\"”»’)]*\s+")


def _paragraphs(text: str) -> list[str]:
    return [_fold(line) for line in text.split("\n") if line.strip()]


def _sentences(text: str) -> list[str]:
    return [_fold(s) for line in text.split("\n") for s in _SENTENCE_END.split(line) if s.strip()]


def classify_changes(old_text: str, new_text: str, language: str) -> list[Change]:
    """The changes between two texts of one article, in order, each named and judged."""
    language = language.lower()[:2]
    if old_text == new_text:
        return []
    if old_text.split() == new_text.split() or "".join(old_text.split()) == "".join(
        new_text.split()
    ):
        # Paragraphs split or joined, spaces added or dropped: one change, the whole text.
        why = Words(gettext_noop("Only line breaks or spaces changed."))
        whole = ((0, len(old_text)), (0, len(new_text)))
        return [Change(*whole, old_text, new_text, "whitespace", False, why)]
    for cut in (_paragraphs, _sentences):
        old_parts, new_parts = cut(old_text), cut(new_text)
        if old_parts != new_parts and sorted(old_parts) == sorted(new_parts):
            # The same paragraphs or sentences, in another order.
            why = Words(
                gettext_noop("Sentences or paragraphs moved; none was added, removed or changed.")
            )
            whole = ((0, len(old_text)), (0, len(new_text)))
            return [Change(*whole, old_text, new_text, "sentence moved", False, why)]
    diff = RevisionDiff(old_text, new_text)
    stretches: list[tuple[int, int, int, int]] = []
    for index, block in enumerate(diff.blocks):
        if block.equal:
            continue
        following = diff.blocks[index + 1] if index + 1 < len(diff.blocks) else None
        old_span, new_span = _widen(
            old_text, new_text, *_slid(old_text, new_text, block, following)
        )
        if stretches and (old_span[0] <= stretches[-1][1] or new_span[0] <= stretches[-1][3]):
            previous = stretches.pop()
            old_span = (min(previous[0], old_span[0]), max(previous[1], old_span[1]))
            new_span = (min(previous[2], new_span[0]), max(previous[3], new_span[1]))
        stretches.append((*old_span, *new_span))
    changes = []
    for old_start, old_end, new_start, new_end in stretches:
        old_seg, new_seg = old_text[old_start:old_end], new_text[new_start:new_end]
        spans = ((old_start, old_end), (new_start, new_end))
        kind, why = _describe(old_text, new_text, spans, language)
        changes.append(
            Change(
                (old_start, old_end),
                (new_start, new_end),
                old_seg,
                new_seg,
                kind,
                kind in SUBSTANTIVE_KINDS,
                why,
            )
        )
    return _moved(changes)


def _moved(changes: list[Change]) -> list[Change]:
    """A sentence removed in one place and added in another is a sentence moved."""
    result = list(changes)
    for i, removed in enumerate(result):
        if removed.kind != "sentence removed":
            continue
        for j, added in enumerate(result):
            if added.kind != "sentence added":
                continue
            a, b = _fold(removed.old_text), _fold(added.new_text)
            if Indel.normalized_similarity(a, b) >= MOVED_SIMILARITY:
                why = Words(
                    gettext_noop("A sentence moved, unchanged: “%(words)s”."),
                    {"words": _short(added.new_text)},
                )
                result[i] = _as(removed, "sentence moved", why)
                result[j] = _as(added, "sentence moved", why)
                break
    return result


def _as(change: Change, kind: str, why: Words) -> Change:
    return Change(
        change.old_span, change.new_span, change.old_text, change.new_text, kind, False, why
    )


def is_substantive(changes: list[Change]) -> bool:
    return any(change.substantive for change in changes)


# Where a sentence ends inside a paragraph: its mark, any closing quote or bracket, a space.
_SENTENCE_BREAK = re.compile(r"[.!?…]['\"”»’)]*\s+")


def sentence_around(text: str, span: tuple[int, int]) -> str:
    """The sentence (or sentences) of `text` holding `span`, within its paragraph; for an
    empty span, the sentence it falls in ("" when it falls between paragraphs)."""
    start, end = span
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", max(end, start))
    line_end = len(text) if line_end < 0 else line_end
    sentence_start = line_start
    for match in _SENTENCE_BREAK.finditer(text, line_start, line_end):
        if match.end() <= start:
            sentence_start = match.end()
        elif match.start() >= max(end - 1, start):
            return text[sentence_start : match.start() + len(match.group().rstrip())].strip()
    return text[sentence_start:line_end].strip()


# A phrase stops at these: a quoted phrase should not run over a clause's edge.
_PHRASE_STOPS = frozenset('.,;:!?…()[]«»“”„"\n')


def phrase_around(text: str, span: tuple[int, int], words: int = 2) -> str:
    """The changed words of `span` with up to `words` words either side, within their
    clause: "works cost 4 million euros" for the "4" in "the works cost 4 million euros."
    (a correction note quotes this, not the whole sentence)."""

    def inside_word(at: int) -> bool:
        return 0 <= at < len(text) and not text[at].isspace() and text[at] not in _PHRASE_STOPS

    start, end = span
    for _ in range(words):
        at = start
        while at > 0 and text[at - 1] in " \t\u00a0":
            at -= 1
        if not inside_word(at - 1):
            break
        while inside_word(at - 1):
            at -= 1
        start = at
    for _ in range(words):
        at = end
        while at < len(text) and text[at] in " \t\u00a0":
            at += 1
        if not inside_word(at):
            break
        while inside_word(at):
            at += 1
        end = at
    return text[start:end].strip()
