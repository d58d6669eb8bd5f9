"""One named thing called two ways in one article.

- The same name with another generic noun of one family: "the Minsk Protocol" / "the
  Minsk Accord", «Бюджетний комітет» / «Бюджетна комісія».
- The same head with one modifier changed: "Memorandum of Cooperation" / "Memorandum of
  Understanding", "Office of Tenant Protection" / "Office of Tenant Rights", "Westmoor
  County Council" / "Westmoor District Council", "Ministry of Defence" / "Ministry of
  Defense", «Комитет по финансам и администрированию» / «Комиссия по финансам».
- The same title once in quotation marks and once without.

Ukrainian and Russian titles inflect, so their words are compared by dictionary form
(pymorphy3): «Мінських угод» and «Мінськими угодами» are one title. Left alone: two
bodies with different heads ("Budget Committee" / "Budget Office"), a generic mention
("the committee"), a plural that names a set beside a singular member of it («Минские
соглашения» / «Минский протокол»), and two one-word names of bodies ("Budget Committee" /
"Harbour Committee"): an article often names several.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from corrigenda.checks.findings import Finding, Words, gettext_noop

RULE = "title-variant"
# Generic nouns that newsrooms swap for one another; only nouns of one family compete.
GENERIC_FAMILIES = (
    ("agreement", "accord", "protocol", "treaty", "deal", "pact", "convention", "memorandum"),
    ("law", "act", "bill", "code", "statute"),
    ("operation", "offensive", "campaign"),
    ("committee", "commission", "council", "board"),
    ("university", "college", "institute", "academy"),
    ("hospital", "clinic", "infirmary"),
    ("ministry", "department"),
    ("declaration", "charter"),
    ("summit", "conference", "forum"),
    ("stadium", "arena"),
    ("office", "agency", "service", "authority", "bureau"),
    ("fund", "foundation"),
    ("programme", "program", "scheme", "plan", "strategy"),
)
# A document is usually one per article; a modifier alone tells two apart only for bodies.
# (Agreements and declarations; the Cyrillic families count from 100.)
DOCUMENT_FAMILIES = frozenset({0, 7, 100, 107})
_FAMILY = {noun: family for family, nouns in enumerate(GENERIC_FAMILIES) for noun in nouns}
# Adjectives many different bodies share: «Національна рада» and «Національна комісія»
# are two bodies, so such a word alone does not make two titles one.
# fmt: off
GENERIC_MODIFIERS = frozenset({
    "national", "state", "central", "supreme", "city", "county", "regional", "european",
    "international", "federal", "public", "joint", "high", "select", "special",
    "національний", "державний", "центральний", "верховний", "міський", "обласний",
    "районний", "громадський", "наглядовий", "вищий", "конституційний", "європейський",
    "міжнародний", "национальный", "государственный", "центральный", "верховный",
    "городской", "областной", "районный", "общественный", "наблюдательный", "высший",
    "конституционный", "европейский", "международный",
})
# fmt: on

_CAPITALISED = r"[A-Z][\w'’.-]*"
_CONNECTOR = r"(?:of|for|on|and|the|de)"
_GENERIC = "|".join(sorted(_FAMILY, key=len, reverse=True))
# Capitalised words (maybe joined by "of", "for", "and") with a generic noun as the first
# or the last word: "Minsk Protocol", "Memorandum of Understanding", "Office of Tenant
# Rights", "Ministry of Defence", "Westmoor County Council", "Minsk agreement".
_EN_TITLE = re.compile(
    rf"(?<![\w-])(?:{_CAPITALISED}|(?i:{_GENERIC}))"
    rf"(?:(?: {_CONNECTOR})* (?:{_CAPITALISED}|(?i:{_GENERIC})s?))*(?![\w-])"
)
_LEADING_WORDS = {"the", "a", "an", "this", "that", "its", "their", "his", "her", "our"}
# Before a capitalised word: is it the first of its sentence (or of a quotation)?
_OPENERS = '.!?…\n«„"“‘'


def _starts_sentence(text: str, start: int) -> bool:
    """Is text[start] the first word of its sentence (or of a quotation)? Looks back
    over spaces only, not the whole text."""
    at = start
    while at > 0 and text[at - 1] in " \t\u00a0":
        at -= 1
    return at == 0 or text[at - 1] in _OPENERS


@dataclass(frozen=True)
class _Title:
    """A title as written, and its parts: the head (generic noun, by dictionary form) and
    the modifiers (other words by dictionary form, in order)."""

    span: tuple[int, int]
    head: str
    family: int
    plural: bool
    before: tuple[str, ...]  # modifiers before the head ("westmoor", "county")
    after: tuple[str, ...]  # modifiers after it ("tenant", "rights")
    # Where the modifiers after the head are joined by "and" / «та»: a shorter title
    # may stop there («Міністерство енергетики» / «... та вугільної промисловості»).
    after_cuts: tuple[int, ...]
    named: bool  # a capital away from a sentence start: a name, not a capitalised phrase

    @property
    def modifiers(self) -> tuple[str, ...]:
        return self.before + self.after


_JOINERS = frozenset({"of", "for", "on", "and", "the", "de"})


def _bare(token: str) -> str:
    """A word of a title without a possessive or the punctuation after it."""
    word = token.lower().rstrip(".,;:")
    for suffix in ("'s", "’s", "'", "’"):
        if word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def _english_titles(text: str, is_common_word: Callable[[str], bool] | None) -> list[_Title]:
    titles = []
    for match in _EN_TITLE.finditer(text):
        tokens = [
            (m.group(), match.start() + m.start()) for m in re.finditer(r"\S+", match.group())
        ]
        # "Under the Minsk Protocol", "Officials of the Budget Committee": the title
        # starts after the last "the".
        thes = [i for i, (word, _) in enumerate(tokens) if word.lower() == "the"]
        if thes:
            tokens = tokens[thes[-1] + 1 :]
        # "But Westmoor District Council": a common word opening the sentence is not
        # part of the title.
        if (
            tokens
            and _starts_sentence(text, tokens[0][1])
            and (
                tokens[0][0].lower() in _LEADING_WORDS
                or (
                    is_common_word is not None
                    and _bare(tokens[0][0]) not in _FAMILY
                    and _bare(tokens[0][0]) not in GENERIC_MODIFIERS
                    and is_common_word(_bare(tokens[0][0]))
                )
            )
        ):
            tokens = tokens[1:]
        while tokens and tokens[0][0].lower() in _JOINERS:
            tokens = tokens[1:]
        while tokens and tokens[-1][0].lower() in _JOINERS:
            tokens = tokens[:-1]
        if len(tokens) < 2 or not tokens[0][0][0].isupper():
            continue
        words = [_bare(word) for word, _ in tokens]
        singular = [w[:-1] if w.endswith("s") and w[:-1] in _FAMILY else w for w in words]
        # The head is the last word, or the first when "of"/"for" follows it.
        if singular[-1] in _FAMILY and not any(w in {"of", "for", "on"} for w in words):
            head_at = len(words) - 1
        elif singular[0] in _FAMILY and len(words) > 2 and words[1] in {"of", "for", "on"}:
            head_at = 0
        else:
            continue
        head = singular[head_at]
        content = [(i, w) for i, w in enumerate(singular) if w not in _JOINERS - {"and"}]
        before = tuple(w for i, w in content if i < head_at and w != "and")
        after_words = [(i, w) for i, w in content if i > head_at]
        after = tuple(w for _, w in after_words if w != "and")
        cuts, count = [], 0
        for _i, w in after_words:
            if w == "and":
                cuts.append(count)
            else:
                count += 1
        start = tokens[0][1]
        last = tokens[-1][0]
        end = tokens[-1][1] + len(last) - (len(last) - len(last.rstrip(".,;:")))
        for suffix in ("'s", "’s"):
            if last.rstrip(".,;:").endswith(suffix):
                end -= len(suffix)
        plural = words[head_at] != head
        named = not _starts_sentence(text, start)
        titles.append(
            _Title((start, end), head, _FAMILY[head], plural, before, after, tuple(cuts), named)
        )
    return titles


# ---- Ukrainian and Russian ------------------------------------------------------------

CYRILLIC_FAMILIES: tuple[tuple[str, ...], ...] = (
    (
        "угода", "протокол", "договір", "меморандум", "пакт", "конвенція", "домовленість",
        "соглашение", "договор", "договорённость", "договоренность", "сделка", "конвенция",
    ),
    ("закон", "кодекс", "акт"),
    ("операція", "наступ", "кампанія", "операция", "наступление", "кампания"),
    ("комітет", "комісія", "рада", "комитет", "комиссия", "совет"),
    (
        "університет", "інститут", "академія", "коледж",
        "университет", "институт", "академия", "колледж",
    ),
    ("лікарня", "клініка", "больница", "клиника"),
    (
        "міністерство", "відомство", "департамент", "управління", "служба", "агентство",
        "министерство", "ведомство", "управление",
    ),
    ("декларація", "хартія", "декларация", "хартия"),
    ("саміт", "конференція", "форум", "саммит", "конференция"),
    ("стадіон", "арена", "стадион"),
)  # fmt: skip
_CYRILLIC_FAMILY = {
    noun: 100 + family for family, nouns in enumerate(CYRILLIC_FAMILIES) for noun in nouns
}
_CYRILLIC_WORD = re.compile(r"(?<![\w-])[А-ЯЁІЇЄҐа-яёіїєґ'’ʼ]+(?![\w-])")
_CONJUNCTIONS = frozenset({"і", "й", "та", "и"})
_PREPOSITIONS = frozenset({"по", "з", "із", "с", "у", "в", "для", "о", "об", "про"})
MAX_MODIFIERS = 6
_NOT_IN_TITLES = frozenset(
    {"PREP", "CONJ", "PRCL", "ADVB", "VERB", "INFN", "PRTF", "PRTS", "GRND", "NPRO", "NUMR"}
)


@lru_cache(maxsize=50_000)
def _cyrillic_parses(word: str, language: str) -> tuple[tuple[str, str, str, str], ...]:
    """(part of speech, dictionary form, case, number) of each reading of the word."""
    from corrigenda.checks.spelling import analyses

    return tuple(
        (
            str(parse.tag.POS),
            parse.normal_form.replace("ё", "е"),
            str(parse.tag.case),
            str(parse.tag.number),
        )
        for parse in analyses(word.lower(), language)
    )


def _cyrillic_titles(text: str, language: str) -> list[_Title]:
    """Capitalised adjectives, then a generic noun, then its genitive modifiers:
    «Київська міська лікарня», «Мінських угод», «Департаменту освіти і науки»,
    «Комитет по финансам и администрированию», «Государственной службы занятости»."""
    words = list(_CYRILLIC_WORD.finditer(text))
    titles = []
    index = 0
    while index < len(words):
        first = words[index]
        if not first.group()[0].isupper():
            index += 1
            continue
        adjectives: list[str] = []
        at = index
        # Adjectives: the first capitalised, the rest in lower case.
        while at < len(words) and len(adjectives) < 3:
            word = words[at].group()
            if at > index and (
                word[0].isupper() or text[words[at - 1].end() : words[at].start()] != " "
            ):
                break
            adjective = next(
                (p[1] for p in _cyrillic_parses(word, language) if p[0] == "ADJF"), None
            )
            noun = next(
                (
                    p
                    for p in _cyrillic_parses(word, language)
                    if p[0] == "NOUN" and p[1] in _CYRILLIC_FAMILY
                ),
                None,
            )
            if noun is not None:
                break
            if adjective is None:
                break
            adjectives.append(adjective)
            at += 1
        if at >= len(words) or (
            at > index and text[words[at - 1].end() : words[at].start()] != " "
        ):
            index += 1
            continue
        head_word = words[at].group()
        if at > index and head_word[0].isupper():
            index += 1
            continue
        heads = [
            p
            for p in _cyrillic_parses(head_word, language)
            if p[0] == "NOUN" and p[1] in _CYRILLIC_FAMILY
        ]
        if adjectives:
            # The reading of the noun that agrees with its adjective («Минские соглашения»:
            # plural, not the genitive singular).
            agreeing = {
                (p[2], p[3])
                for p in _cyrillic_parses(words[index].group(), language)
                if p[0] == "ADJF"
            }
            heads = [p for p in heads if (p[2], p[3]) in agreeing] or heads
        head = heads[0] if heads else None
        if head is None:
            index += 1
            continue
        # Modifiers after the head: genitive nouns and adjectives, "по"/"з питань" phrases.
        after: list[str] = []
        cuts: list[int] = []
        end_word = at
        pending_joiner = False
        look = at + 1
        while look < len(words) and len(after) < MAX_MODIFIERS:
            if text[words[look - 1].end() : words[look].start()] != " ":
                break
            word = words[look].group()
            lower = word.lower()
            if word[0].isupper():
                break
            if (lower in _CONJUNCTIONS and after) or (lower in _PREPOSITIONS and not after):
                if lower in _CONJUNCTIONS:
                    cuts.append(len(after))
                pending_joiner = True
                look += 1
                continue
            parses = _cyrillic_parses(word, language)
            # A preposition, verb or adverb ends the title («... освіти і науки до кінця»).
            if (
                not parses
                or parses[0][0] in _NOT_IN_TITLES
                or any(p[0] in {"PREP", "CONJ"} for p in parses)
            ):
                break
            wanted = {"gent", "datv", "loct", "ablt", "accs"} if pending_joiner else {"gent"}
            modifier = next(
                (p[1] for p in parses if p[0] in {"NOUN", "ADJF"} and p[2] in wanted), None
            )
            if modifier is None:
                break
            after.append(modifier)
            end_word = look
            pending_joiner = False
            look += 1
        cuts = [cut for cut in cuts if cut < len(after)]
        if not adjectives and not after:
            index = at + 1
            continue
        start = first.start()
        named = not _starts_sentence(text, start)
        # A head capitalised on its own mid-sentence («у Департаменті освіти») is a name.
        titles.append(
            _Title(
                (start, words[end_word].end()),
                head[1],
                _CYRILLIC_FAMILY[head[1]],
                head[3] == "plur",
                tuple(adjectives),
                tuple(after),
                tuple(cuts),
                named,
            )
        )
        index = end_word + 1
    return titles


# ---- Comparing titles -----------------------------------------------------------------


def _spelling_variant(a: str, b: str) -> bool:
    """ "defence" / "defense", "programme" / "program": one letter apart in a long word."""
    return min(len(a), len(b)) >= 5 and Levenshtein.distance(a, b) <= 2 and a[:3] == b[:3]


def _why_same(a: _Title, b: _Title, is_common_word: Callable[[str], bool] | None) -> Words | None:
    """Why two titles seem to name one thing (in words), or None."""
    if a.family != b.family or a.plural != b.plural:
        return None
    if a.head != b.head:
        if a.modifiers == b.modifiers and a.modifiers:
            if len(a.modifiers) == 1 and a.modifiers[0] in GENERIC_MODIFIERS:
                return None
            return Words(gettext_noop("the same name with another generic noun"))
        if a.before == b.before and _extends(a, b):
            return Words(gettext_noop("the same name with another generic noun, once shortened"))
        return None
    if a.before != b.before and a.after == b.after and len(a.before) == len(b.before):
        differing = [(x, y) for x, y in zip(a.before, b.before, strict=True) if x != y]
    elif a.before == b.before and len(a.after) == len(b.after) and a.after != b.after:
        differing = [(x, y) for x, y in zip(a.after, b.after, strict=True) if x != y]
    elif a.before == b.before and _extends(a, b):
        return Words(gettext_noop("the same title, once cut short"))
    else:
        return None
    if len(differing) != 1:
        return None
    x, y = differing[0]
    if _spelling_variant(x, y):
        return Words(gettext_noop("the same title spelled two ways"))
    shared = [w for w in a.modifiers if w not in (x, y)]
    if shared and any(w not in GENERIC_MODIFIERS for w in shared):
        return Words(gettext_noop("the same title with one word changed"))
    # "Memorandum of Cooperation" / "Memorandum of Understanding": one document,
    # described by two ordinary words (not two places: "Treaty of Paris").
    if (
        a.family in DOCUMENT_FAMILIES
        and a.after
        and is_common_word is not None
        and is_common_word(x)
        and is_common_word(y)
    ):
        return Words(gettext_noop("the same document described two ways"))
    return None


def _extends(a: _Title, b: _Title) -> bool:
    """One title's modifiers after the head are the other's, cut at an "and" / «та»."""
    short, long = (a, b) if len(a.after) < len(b.after) else (b, a)
    return (
        bool(short.after)
        and long.after[: len(short.after)] == short.after
        and (len(short.after) in long.after_cuts)
    )


def _paragraph_number(text: str, offset: int) -> int:
    """Paragraphs counted as readers see them: non-empty lines, the first is 1."""
    return sum(1 for line in text[:offset].split("\n")[:-1] if line.strip()) + 1


_QUOTED_TITLE = re.compile(r"[“«„\"]([A-ZА-ЯЁІЇЄҐ][^“”«»„\"\n]{2,60}?)[”»“\"]")


def _quoted_and_bare(text: str) -> list[Finding]:
    """A title of two or more words in quotation marks, also written without them."""
    findings = []
    seen: set[str] = set()
    for match in _QUOTED_TITLE.finditer(text):
        title = match.group(1)
        words = title.split()
        if not 2 <= len(words) <= 6 or title in seen or title[-1] in ".,!?…":
            continue
        if not all(w[0].isupper() for w in words if len(w) > 3):
            continue
        seen.add(title)
        bare = [
            m
            for m in re.finditer(rf"(?<![\w“«„\"']){re.escape(title)}(?![\w”»“\"'])", text)
            if not (match.start() <= m.start() < match.end())
        ]
        if not bare:
            continue
        quoted = [m.span() for m in _QUOTED_TITLE.finditer(text) if m.group(1) == title]
        forms = [
            (quoted, Words(gettext_noop("in quotation marks"))),
            ([m.span() for m in bare], Words(gettext_noop("without them"))),
        ]
        forms.sort(key=lambda form: (-len(form[0]), form[0][0][0]))
        (common, common_how), (rare, rare_how) = forms
        message = Words(
            gettext_noop(
                "“%(title)s” %(rare_how)s here, %(common_how)s in paragraph %(paragraph)s: one "
                "title, written one way?"
            ),
            {
                "title": title,
                "rare_how": rare_how,
                "common_how": common_how,
                "paragraph": _paragraph_number(text, common[0][0]),
            },
        )
        reason = Words(
            gettext_noop(
                "The title “%(title)s” is written %(quoted)s times in quotation marks and "
                "%(bare)s times without them; the rarer form is flagged."
            ),
            {"title": title, "quoted": len(quoted), "bare": len(bare)},
        )
        findings.append(
            Finding(
                RULE,
                rare[-1] if len(common) == len(rare) else rare[0],
                str(message),
                related=common[0],
                reason=str(reason),
                message_words=message,
                reason_words=reason,
            )
        )
    return findings


def check_title_variants(
    text: str,
    *,
    language: str = "en",
    is_common_word: Callable[[str], bool] | None = None,
) -> list[Finding]:
    titles = _english_titles(text, is_common_word)
    if language in {"uk", "ru"}:
        titles += _cyrillic_titles(text, language)
    # The same title (by its parts) in several places and case forms.
    by_form: dict[tuple[object, ...], list[_Title]] = defaultdict(list)
    for title in titles:
        by_form[(title.head, title.plural, title.before, title.after)].append(title)
    forms = list(by_form.values())
    findings = []
    reported: set[int] = set()
    for i, first in enumerate(forms):
        for second in forms[i + 1 :]:
            why = _why_same(first[0], second[0], is_common_word)
            # An adjective capitalised only at a sentence start («Нова угода») names nothing.
            if why is None or not any(t.named for t in first + second):
                continue
            # The rarer form, or at a tie the later one, is the one to look at.
            common, rare = sorted((first, second), key=lambda f: (-len(f), f[0].span[0]))
            if id(rare) in reported:
                continue
            reported.add(id(rare))
            findings.append(_finding(text, rare[0].span, common[0].span, why))
    findings += _quoted_and_bare(text)
    return findings


def _finding(text: str, span: tuple[int, int], related: tuple[int, int], why: Words) -> Finding:
    rare_text, common_text = text[span[0] : span[1]], text[related[0] : related[1]]
    inflected = any("\u0400" <= char <= "\u04ff" for char in common_text)
    paragraph = _paragraph_number(text, related[0])
    message = Words(
        gettext_noop("“%(rare)s” here, “%(common)s” in paragraph %(paragraph)s: %(why)s?"),
        {"rare": rare_text, "common": common_text, "paragraph": paragraph, "why": why},
    )
    reason = Words(
        gettext_noop(
            "“%(rare)s” (paragraph %(rare_paragraph)s) and “%(common)s” (paragraph "
            "%(paragraph)s) read as %(why)s: one thing named two ways."
        ),
        {
            "rare": rare_text,
            "rare_paragraph": _paragraph_number(text, span[0]),
            "common": common_text,
            "paragraph": paragraph,
            "why": why,
        },
    )
    return Finding(
        RULE,
        span,
        str(message),
        # Another case form is no drop-in replacement; the message names it.
        suggestion=None if inflected else common_text,
        related=related,
        reason=str(reason),
        message_words=message,
        reason_words=reason,
    )
