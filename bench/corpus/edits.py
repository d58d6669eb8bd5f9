"""The edits between two revisions, one function per kind, each with the truth about
every reported quote: where it is in the new revision and whether it is still there
as it was (anchored), there but reworded (changed) or gone (orphaned).

Every function takes an article and the number of quotes to report, and returns the
new text with one `Truth` per quote, or None when the article offers no place for
that edit. Quotes of one revision sit in different paragraphs, so that their edits do
not meet.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass

from .articles import Article, SentenceAt, fill_slots, write_sentence
from .phrasebook import PHRASEBOOKS
from .splices import Splice, apply, new_end, new_start, ordered, overlaps
from .typography import retypeset_splices

ANCHORED, CHANGED, ORPHANED = "anchored", "changed", "orphaned"
_WORDS = re.compile(r"\S+")
_LEADING = "\"'\u201c\u00ab(\u2018"
_TRAILING = ',.;:!?"\u00bb\u201d)\u2026'
_TYPOGRAPHY = "\"'\u201c\u201d\u00ab\u00bb\u2019-\u2014\u2026"
_NUMBER = re.compile(r"\d[\d,]*")
SHORT = 12


@dataclass(frozen=True)
class Truth:
    """A reported quote (span in the old text) and what must become of it."""

    old_span: tuple[int, int]
    state: str
    new_span: tuple[int, int] | None


@dataclass(frozen=True)
class Edit:
    new_text: str
    truths: list[Truth]


@dataclass
class _Plan:
    """Splices being collected for one revision, and the quotes they concern."""

    article: Article
    rng: random.Random
    splices: list[Splice]
    quotes: list[tuple[tuple[int, int], str]]

    def add(self, splices: list[Splice], quote: tuple[int, int], state: str) -> bool:
        """Take a quote and its edits unless they collide with earlier ones."""
        try:
            ordered(self.splices + splices)
        except ValueError:
            return False
        if overlaps(self.splices, *quote) or any(overlaps(splices, *q) for q, _ in self.quotes):
            return False
        self.splices += splices
        self.quotes.append((quote, state))
        return True

    def finish(self) -> Edit | None:
        if not self.quotes:
            return None
        text = self.article.text
        truths = []
        for (start, end), state in self.quotes:
            span = None
            if state != ORPHANED:
                span = (new_start(self.splices, start), new_end(self.splices, end))
            truths.append(Truth((start, end), state, span))
        return Edit(apply(text, self.splices), truths)


def _plan(article: Article, rng: random.Random) -> _Plan:
    return _Plan(article, rng, [], [])


# Choosing quotes


def quote_in(
    rng: random.Random,
    text: str,
    start: int,
    end: int,
    shortest: int = 2,
    longest: int = 9,
    must_cover: int | None = None,
) -> tuple[int, int] | None:
    """A run of whole words within `[start, end)`, trimmed of the punctuation around
    it, as a reader selects; when `must_cover` is set, the run includes that offset."""
    words = [(start + m.start(), start + m.end()) for m in _WORDS.finditer(text[start:end])]
    if not words:
        return None
    for _ in range(20):
        size = rng.randint(min(shortest, len(words)), min(longest, len(words)))
        first = rng.randrange(len(words) - size + 1)
        quote_start, quote_end = words[first][0], words[first + size - 1][1]
        if must_cover is not None and not quote_start <= must_cover < quote_end:
            low = max(0, next(i for i, w in enumerate(words) if w[1] > must_cover) - size + 1)
            first = rng.randint(low, min(low + size - 1, len(words) - size))
            quote_start, quote_end = words[first][0], words[first + size - 1][1]
            if not quote_start <= must_cover < quote_end:
                continue
        trimmed = _trim(text, quote_start, quote_end, keep=must_cover)
        if trimmed:
            return trimmed
    return None


def short_quote_in(rng: random.Random, text: str, start: int, end: int) -> tuple[int, int] | None:
    """A word, number or name, or two short words, of 3 to `SHORT` characters."""
    words = [_trim(text, *w) for w in _word_spans(text, start, end)]
    spans = [w for w in words if w]
    candidates = spans + [(a[0], b[1]) for a, b in zip(spans, spans[1:], strict=False)]
    candidates = [c for c in candidates if 3 <= c[1] - c[0] <= SHORT]
    return rng.choice(candidates) if candidates else None


def _trim(text: str, start: int, end: int, keep: int | None = None) -> tuple[int, int] | None:
    while start < end and text[start] in _LEADING and start != keep:
        start += 1
    while end > start and text[end - 1] in _TRAILING and end - 1 != keep:
        end -= 1
    if start >= end or not any(c.isalnum() for c in text[start:end]):
        return None
    return start, end


def _sentence_at(article: Article, offset: int) -> SentenceAt:
    return next(s for s in article.sentences if s.start <= offset <= s.end)


def _paragraph_order(article: Article, rng: random.Random) -> list[int]:
    order = list(range(len(article.paragraphs)))
    rng.shuffle(order)
    return order


def _word_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [(start + m.start(), start + m.end()) for m in _WORDS.finditer(text[start:end])]


def _other_word(rng: random.Random, article: Article, avoid: str) -> str:
    words = [w for w in re.findall(r"[^\W\d_]{4,}", article.text) if w.islower() and w != avoid]
    return rng.choice(words)


def _other_number(rng: random.Random, number: str) -> str:
    digits = number.replace(",", "")
    while True:
        value = int(digits) + rng.choice((-3, -2, -1, 1, 2, 5, 10, 100))
        if value > 0 and str(value) != digits:
            return f"{value:,}" if "," in number else str(value)


def _new_sentence(article: Article, rng: random.Random) -> str:
    book = PHRASEBOOKS[article.language]
    template = rng.choice(book.templates)
    return write_sentence(rng, book, article.cast, template, article.typographic, False).text


def _rewording(article: Article, rng: random.Random, quote: tuple[int, int]) -> list[Splice]:
    """An edit of the quote's own words: a typo fixed, a number corrected, a word
    replaced, added or dropped."""
    text = article.text
    start, end = quote
    typos = [t for t in article.typos if start <= t.start and t.end <= end]
    if typos and rng.random() < 0.6:
        typo = rng.choice(typos)
        return [Splice(typo.start, typo.end, typo.correct)]
    numbers = [(start + m.start(), start + m.end()) for m in _NUMBER.finditer(text[start:end])]
    numbers = [n for n in numbers if text[n[1] - 1].isdigit()]
    if numbers and rng.random() < 0.6:
        at = rng.choice(numbers)
        return [Splice(at[0], at[1], _other_number(rng, text[at[0] : at[1]]))]
    words = _word_spans(text, start, end)
    kind = rng.choice(("replace", "insert", "drop") if len(words) >= 3 else ("replace",))
    if kind == "insert":
        at = rng.choice(words[1:])[0]
        return [Splice(at, at, _other_word(rng, article, "") + " ")]
    if kind == "drop":
        index = rng.randrange(len(words))
        if index == len(words) - 1:
            return [Splice(words[index - 1][1], words[index][1], "")]
        return [Splice(words[index][0], words[index + 1][0], "")]
    word_start, word_end = rng.choice(words)
    # Keep the punctuation glued to the word: only its letters are replaced.
    match = re.search(r"[^\W_]+", text[word_start:word_end])
    if match is None:
        return [Splice(word_start, word_end, _other_word(rng, article, ""))]
    letters = (word_start + match.start(), word_start + match.end())
    old = text[letters[0] : letters[1]]
    replacement = (
        _other_number(rng, old) if old.isdigit() else _other_word(rng, article, old.lower())
    )
    if old[:1].isupper():
        replacement = replacement.capitalize()
    return [Splice(letters[0], letters[1], replacement)]


def _sentence_deletion(article: Article, sentence: SentenceAt) -> Splice:
    siblings = article.sentences_in(sentence.paragraph)
    if len(siblings) == 1:
        return _paragraph_deletion(article, sentence.paragraph)
    if sentence.index == len(siblings) - 1:
        return Splice(siblings[sentence.index - 1].end, sentence.end, "")
    return Splice(sentence.start, siblings[sentence.index + 1].start, "")


def _paragraph_deletion(article: Article, paragraph: int) -> Splice:
    spans = article.paragraph_spans
    if paragraph + 1 < len(spans):
        return Splice(spans[paragraph][0], spans[paragraph + 1][0], "")
    return Splice(spans[paragraph - 1][1], spans[paragraph][1], "")


def _insertion_before(
    article: Article, rng: random.Random, sentence: SentenceAt, text: str
) -> Splice:
    """`text` as a sentence just before `sentence`, or as a paragraph before its
    paragraph."""
    if sentence.index == 0 and rng.random() < 0.4:
        return Splice(sentence.start, sentence.start, text + "\n")
    return Splice(sentence.start, sentence.start, text + " ")


# The edit kinds


def typo_fixed_elsewhere(article: Article, rng: random.Random, count: int) -> Edit | None:
    if not article.typos:
        return None
    typo = rng.choice(article.typos)
    fix = Splice(typo.start, typo.end, typo.correct)
    plan = _plan(article, rng)
    plan.splices.append(fix)
    fixed_paragraph = _sentence_at(article, typo.start).paragraph
    for paragraph in _paragraph_order(article, rng):
        if len(plan.quotes) == count:
            break
        if paragraph == fixed_paragraph:
            continue
        sentence = rng.choice(article.sentences_in(paragraph))
        quote = quote_in(rng, article.text, sentence.start, sentence.end)
        if quote:
            plan.add([], quote, ANCHORED)
    return plan.finish()


def words_inserted_near(article: Article, rng: random.Random, count: int) -> Edit | None:
    book = PHRASEBOOKS[article.language]
    plan = _plan(article, rng)
    for paragraph in _paragraph_order(article, rng)[: count * 2]:
        if len(plan.quotes) == count:
            break
        sentence = rng.choice(article.sentences_in(paragraph))
        quote = quote_in(rng, article.text, sentence.start, sentence.end)
        if not quote:
            continue
        phrase = fill_slots(rng, book, article.cast, rng.choice(book.inserted_near))
        words = _word_spans(article.text, sentence.start, sentence.end)
        before = [w for w in words if w[1] <= quote[0]]
        after = [w for w in words if w[0] >= quote[1]]
        side = rng.choice(("before", "after"))
        if side == "before":
            at = quote[0] if not before or rng.random() < 0.5 else rng.choice(before[-3:])[0]
            splice = Splice(at, at, phrase + " ")
        else:
            at = quote[1] if not after or rng.random() < 0.5 else rng.choice(after[:3])[1]
            splice = Splice(at, at, " " + phrase)
        plan.add([splice], quote, ANCHORED)
    return plan.finish()


def sentence_inserted_before(article: Article, rng: random.Random, count: int) -> Edit | None:
    half = [s for s in article.sentences if s.paragraph < len(article.paragraphs) // 2]
    anchor_sentence = rng.choice(half)
    plan = _plan(article, rng)
    plan.splices.append(
        _insertion_before(article, rng, anchor_sentence, _new_sentence(article, rng))
    )
    later = [p for p in _paragraph_order(article, rng) if p > anchor_sentence.paragraph]
    candidates = [anchor_sentence] + [rng.choice(article.sentences_in(p)) for p in later]
    for sentence in candidates:
        if len(plan.quotes) == count:
            break
        quote = quote_in(rng, article.text, sentence.start, sentence.end)
        if quote and (sentence is not anchor_sentence or rng.random() < 0.5):
            plan.add([], quote, ANCHORED)
    return plan.finish()


def paragraph_deleted_before(article: Article, rng: random.Random, count: int) -> Edit | None:
    deleted = rng.randrange(0, max(1, len(article.paragraphs) * 2 // 3))
    plan = _plan(article, rng)
    plan.splices.append(_paragraph_deletion(article, deleted))
    for paragraph in _paragraph_order(article, rng):
        if len(plan.quotes) == count:
            break
        if paragraph <= deleted:
            continue
        sentence = rng.choice(article.sentences_in(paragraph))
        quote = quote_in(rng, article.text, sentence.start, sentence.end)
        if quote:
            plan.add([], quote, ANCHORED)
    return plan.finish()


def paragraphs_reordered(article: Article, rng: random.Random, count: int) -> Edit | None:
    """One paragraph moved elsewhere, or two neighbours swapped; most quotes are in
    the paragraphs that moved."""
    total = len(article.paragraphs)
    order = list(range(total))
    if rng.random() < 0.5:
        first = rng.randrange(total - 1)
        order[first], order[first + 1] = order[first + 1], order[first]
        moved = [first, first + 1]
    else:
        source = rng.randrange(total)
        target = rng.choice([i for i in range(total) if i != source])
        order.insert(target, order.pop(source))
        moved = [source]
    lines = article.text.split("\n")
    new_text = "\n".join(lines[i] for i in order)
    new_starts, at = {}, 0
    for index in order:
        new_starts[index] = at
        at += len(lines[index]) + 1
    still = [p for p in range(total) if p not in moved]
    choices = [rng.choice(moved) for _ in range(count - 1)] + [rng.choice(still)]
    truths: list[Truth] = []
    taken: set[tuple[int, int]] = set()
    for paragraph in choices:
        sentence = rng.choice(article.sentences_in(paragraph))
        quote = quote_in(rng, article.text, sentence.start, sentence.end)
        if not quote or quote in taken:
            continue
        taken.add(quote)
        shift = new_starts[paragraph] - article.paragraph_spans[paragraph][0]
        truths.append(Truth(quote, ANCHORED, (quote[0] + shift, quote[1] + shift)))
    return Edit(new_text, truths) if truths else None


def retypeset_quotes_and_dashes(article: Article, rng: random.Random, count: int) -> Edit | None:
    splices = retypeset_splices(
        article.text, article.language, to_typographic=not article.typographic
    )
    if not splices:
        return None
    plan = _plan(article, rng)
    plan.splices += splices
    marked = [s for s in article.sentences if any(c in _TYPOGRAPHY for c in s.sentence.text)]
    rng.shuffle(marked)
    used: set[int] = set()
    for sentence in marked + article.sentences:
        if len(plan.quotes) == count:
            break
        if sentence.paragraph in used:
            continue
        marks = [
            sentence.start + i for i, c in enumerate(sentence.sentence.text) if c in _TYPOGRAPHY
        ]
        cover = rng.choice(marks) if marks else None
        quote = quote_in(rng, article.text, sentence.start, sentence.end, must_cover=cover)
        if quote:
            used.add(sentence.paragraph)
            plan.quotes.append((quote, ANCHORED))
    return plan.finish()


def whitespace_changed(article: Article, rng: random.Random, count: int) -> Edit | None:
    """Paragraphs split or joined, or a line break put inside a quote: the text reads
    the same, the whitespace does not."""
    text = article.text
    plan = _plan(article, rng)
    used: set[int] = set()
    for paragraph in _paragraph_order(article, rng):
        if len(plan.quotes) == count:
            break
        if paragraph in used or paragraph + 1 in used:
            continue
        sentences = article.sentences_in(paragraph)
        kind = rng.choice(("split", "join", "inside"))
        if kind == "split" and len(sentences) >= 2:
            left = rng.randrange(len(sentences) - 1)
            boundary = sentences[left].end
            splice = Splice(boundary, boundary + 1, "\n")
            quote = quote_in(
                rng,
                text,
                sentences[left].start,
                sentences[left + 1].end,
                shortest=3,
                must_cover=boundary,
            )
        elif kind == "join" and paragraph + 1 < len(article.paragraphs):
            boundary = article.paragraph_spans[paragraph][1]
            splice = Splice(boundary, boundary + 1, " ")
            quote = quote_in(
                rng,
                text,
                sentences[-1].start,
                article.sentences_in(paragraph + 1)[0].end,
                shortest=3,
                must_cover=boundary,
            )
            used.add(paragraph + 1)
        else:
            sentence = rng.choice(sentences)
            quote = quote_in(rng, text, sentence.start, sentence.end, shortest=3)
            if not quote:
                continue
            spaces = [i for i in range(quote[0], quote[1]) if text[i] == " "]
            if not spaces:
                continue
            at = rng.choice(spaces)
            splice = Splice(at, at + 1, "\n")
        if quote and plan.add([splice], quote, ANCHORED):
            used.add(paragraph)
    return plan.finish()


def quote_words_changed(article: Article, rng: random.Random, count: int) -> Edit | None:
    plan = _plan(article, rng)
    for paragraph in _paragraph_order(article, rng):
        if len(plan.quotes) == count:
            break
        sentences = article.sentences_in(paragraph)
        with_typo = [t for t in article.typos if _sentence_at(article, t.start) in sentences]
        if with_typo and rng.random() < 0.5:
            typo = rng.choice(with_typo)
            sentence = _sentence_at(article, typo.start)
            quote = quote_in(rng, article.text, sentence.start, sentence.end, must_cover=typo.start)
            if quote and not quote[0] <= typo.start < typo.end <= quote[1]:
                quote = None
        else:
            sentence = rng.choice(sentences)
            quote = quote_in(rng, article.text, sentence.start, sentence.end, shortest=3)
        if quote:
            plan.add(_rewording(article, rng, quote), quote, CHANGED)
    return plan.finish()


def quote_deleted(article: Article, rng: random.Random, count: int) -> Edit | None:
    text = article.text
    plan = _plan(article, rng)
    for paragraph in _paragraph_order(article, rng):
        if len(plan.quotes) == count:
            break
        sentence = rng.choice(article.sentences_in(paragraph))
        quote = quote_in(rng, text, sentence.start, sentence.end)
        if not quote:
            continue
        kind = rng.choices(("sentence", "paragraph", "quote"), (6, 2, 2))[0]
        if kind == "sentence":
            splice = _sentence_deletion(article, sentence)
        elif kind == "paragraph":
            splice = _paragraph_deletion(article, paragraph)
        elif text[quote[1] : quote[1] + 1] == " ":
            splice = Splice(quote[0], quote[1] + 1, "")
        elif text[quote[0] - 1 : quote[0]] == " ":
            splice = Splice(quote[0] - 1, quote[1], "")
        else:
            splice = Splice(quote[0], quote[1], "")
        plan.add([splice], quote, ORPHANED)
    return plan.finish()


def quote_repeated_elsewhere(article: Article, rng: random.Random, count: int) -> Edit | None:
    """The quoted words written again in another paragraph: a pull quote repeating
    the whole sentence, or a recap."""
    book = PHRASEBOOKS[article.language]
    text = article.text
    plan = _plan(article, rng)
    order = _paragraph_order(article, rng)
    for paragraph, elsewhere in zip(order[::2], order[1::2], strict=False):
        if len(plan.quotes) == count:
            break
        sentence = rng.choice(article.sentences_in(paragraph))
        quote = quote_in(rng, text, sentence.start, sentence.end)
        if not quote:
            continue
        target = rng.choice(article.sentences_in(elsewhere))
        if rng.random() < 0.5:
            paragraph_start = article.paragraph_spans[elsewhere][0]
            splice = Splice(paragraph_start, paragraph_start, sentence.sentence.text + "\n")
        else:
            copy = f"{rng.choice(book.recaps)} {text[quote[0] : quote[1]]}."
            splice = Splice(target.start, target.start, copy + " ")
        plan.add([splice], quote, ANCHORED)
    return plan.finish()


def lookalike_inserted(article: Article, rng: random.Random, count: int) -> Edit | None:
    """A sentence much like the quoted one added in another paragraph; in two cases
    out of three the quote itself is also reworded."""
    text = article.text
    plan = _plan(article, rng)
    order = _paragraph_order(article, rng)
    for paragraph, elsewhere in zip(order[::2], order[1::2], strict=False):
        if len(plan.quotes) == count:
            break
        sentence = rng.choice(article.sentences_in(paragraph))
        quote = quote_in(rng, text, sentence.start, sentence.end, shortest=3)
        if not quote:
            continue
        lookalike = _lookalike(article, rng, sentence, quote)
        target = rng.choice(article.sentences_in(elsewhere))
        splices = [Splice(target.start, target.start, lookalike + " ")]
        state = ANCHORED
        if rng.random() < 2 / 3:
            splices += _rewording(article, rng, quote)
            state = CHANGED
        plan.add(splices, quote, state)
    return plan.finish()


def _lookalike(
    article: Article, rng: random.Random, sentence: SentenceAt, quote: tuple[int, int]
) -> str:
    """The sentence with one word changed, outside the quote when it has room."""
    words = _word_spans(article.text, sentence.start, sentence.end)
    outside = [w for w in words if w[1] <= quote[0] or w[0] >= quote[1]]
    word_start, word_end = rng.choice(outside or words)
    word = article.text[word_start:word_end]
    match = re.search(r"[^\W_]+", word)
    letters = match.group() if match else word
    replacement = (
        _other_number(rng, letters) if letters.isdigit() else _other_word(rng, article, letters)
    )
    changed = word.replace(letters, replacement, 1)
    offset = word_start - sentence.start
    original = sentence.sentence.text
    return original[:offset] + changed + original[offset + len(word) :]


def repeated_name_edited(article: Article, rng: random.Random, count: int) -> Edit | None:
    """A sentence naming one person twice; the copy-edit changes one mention (to the
    surname alone, or fixing its misspelling), the reader reported one of them."""
    text = article.text
    plan = _plan(article, rng)
    candidates = [s for s in article.sentences if s.sentence.repeated_name]
    rng.shuffle(candidates)
    for sentence in candidates:
        if len(plan.quotes) == count:
            break
        mentions = _mentions(article, sentence)
        if mentions is None:
            continue
        reported = rng.randrange(2)
        edited = reported if rng.random() < 0.7 else 1 - reported
        start, end = mentions[edited]
        typo = next((t for t in article.typos if start <= t.start and t.end <= end), None)
        if typo:
            splice = Splice(typo.start, typo.end, typo.correct)
        else:
            first_name_end = text.index(" ", start, end) + 1
            splice = Splice(start, first_name_end, "")
        quote = mentions[reported]
        if rng.random() < 0.3:
            surname_start = text.index(" ", *quote) + 1
            if not (typo is None and reported == edited):
                quote = (surname_start, quote[1])
        plan.add([splice], quote, CHANGED if reported == edited else ANCHORED)
    return plan.finish()


def _mentions(article: Article, sentence: SentenceAt) -> list[tuple[int, int]] | None:
    name = sentence.sentence.repeated_name
    body = sentence.sentence.text
    first = body.find(name)
    first_name = name.split()[0] + " "
    second = body.find(first_name, first + len(name))
    if first < 0 or second < 0:
        return None
    second_end = second + len(name)
    typo = sentence.sentence.typo
    if typo and typo[0] >= second:
        second_end = typo[0] + typo[1]
    at = sentence.start
    return [(at + first, at + first + len(name)), (at + second, at + second_end)]


def short_quotes(article: Article, rng: random.Random, count: int) -> Edit | None:
    """Quotes of a word or two (12 characters at most), under the common edits."""
    text = article.text
    plan = _plan(article, rng)
    for paragraph in _paragraph_order(article, rng):
        if len(plan.quotes) == count:
            break
        sentence = rng.choice(article.sentences_in(paragraph))
        quote = short_quote_in(rng, text, sentence.start, sentence.end)
        if not quote:
            continue
        kind = rng.choice(("elsewhere", "before", "changed", "deleted"))
        if kind == "elsewhere":
            others = [
                t for t in article.typos if _sentence_at(article, t.start).paragraph != paragraph
            ]
            if not others:
                continue
            typo = rng.choice(others)
            plan.add([Splice(typo.start, typo.end, typo.correct)], quote, ANCHORED)
        elif kind == "before":
            plan.add(
                [_insertion_before(article, rng, sentence, _new_sentence(article, rng))],
                quote,
                ANCHORED,
            )
        elif kind == "changed":
            plan.add(_short_rewording(article, rng, quote), quote, CHANGED)
        else:
            plan.add([_sentence_deletion(article, sentence)], quote, ORPHANED)
    return plan.finish()


def _short_rewording(article: Article, rng: random.Random, quote: tuple[int, int]) -> list[Splice]:
    text = article.text
    typos = [t for t in article.typos if quote[0] <= t.start and t.end <= quote[1]]
    if typos:
        return [Splice(typos[0].start, typos[0].end, typos[0].correct)]
    word = text[quote[0] : quote[1]]
    if _NUMBER.fullmatch(word):
        return [Splice(*quote, _other_number(rng, word))]
    match = re.search(r"[^\W\d_]+", word)
    if match is None:
        return [Splice(quote[0], quote[1], _other_word(rng, article, word))]
    letters = match.group()
    start = quote[0] + match.start()
    return [Splice(start, start + len(letters), _same_sort(rng, article, letters))]


def _same_sort(rng: random.Random, article: Article, word: str) -> str:
    """Another word of the same sort (a town for a town, a day for a day, a surname
    for a surname): the factual fix of a short quote."""
    book = PHRASEBOOKS[article.language]
    surnames = tuple(name.split()[-1] for name, _ in book.people)
    for words in (*book.words.values(), surnames):
        if word in words and len(set(words)) > 1:
            return rng.choice([w for w in words if w != word])
    replacement = _other_word(rng, article, word.lower())
    return replacement.capitalize() if word[:1].isupper() else replacement


def emoji_and_cyrillic(article: Article, rng: random.Random, count: int) -> Edit | None:
    """An article in Ukrainian or Russian with emoji (offsets differ between UTF-16
    and code points), under the common edits; quotes near emoji where possible."""
    text = article.text
    book = PHRASEBOOKS[article.language]
    plan = _plan(article, rng)
    with_emoji = [s for s in article.sentences if any(ord(c) > 0xFFFF for c in s.sentence.text)]
    rng.shuffle(with_emoji)
    used: set[int] = set()
    for sentence in with_emoji + article.sentences:
        if len(plan.quotes) == count:
            break
        if sentence.paragraph in used:
            continue
        quote = quote_in(rng, text, sentence.start, sentence.end)
        if not quote:
            continue
        kind = rng.choice(("before", "near", "changed", "deleted", "elsewhere"))
        if kind == "before":
            added = _new_sentence(article, rng) + " " + rng.choice("🔥⚡📌✅🇺🇦")
            taken = plan.add([_insertion_before(article, rng, sentence, added)], quote, ANCHORED)
        elif kind == "near":
            phrase = fill_slots(rng, book, article.cast, rng.choice(book.inserted_near))
            taken = plan.add([Splice(quote[0], quote[0], f"{phrase} 👉 ")], quote, ANCHORED)
        elif kind == "changed":
            taken = plan.add(_rewording(article, rng, quote), quote, CHANGED)
        elif kind == "deleted":
            taken = plan.add([_sentence_deletion(article, sentence)], quote, ORPHANED)
        else:
            others = [
                t
                for t in article.typos
                if _sentence_at(article, t.start).paragraph != sentence.paragraph
            ]
            if not others:
                continue
            typo = rng.choice(others)
            taken = plan.add([Splice(typo.start, typo.end, typo.correct)], quote, ANCHORED)
        if taken:
            used.add(sentence.paragraph)
    return plan.finish()


KINDS: dict[str, Callable[[Article, random.Random, int], Edit | None]] = {
    "typo fixed elsewhere": typo_fixed_elsewhere,
    "words inserted near": words_inserted_near,
    "sentence inserted before": sentence_inserted_before,
    "paragraph deleted before": paragraph_deleted_before,
    "paragraphs reordered": paragraphs_reordered,
    "quotes and dashes retypeset": retypeset_quotes_and_dashes,
    "whitespace changed": whitespace_changed,
    "quote's words changed": quote_words_changed,
    "quote deleted": quote_deleted,
    "quote repeated elsewhere": quote_repeated_elsewhere,
    "lookalike inserted": lookalike_inserted,
    "repeated name, one edited": repeated_name_edited,
    "short quote": short_quotes,
    "emoji and Cyrillic": emoji_and_cyrillic,
}
