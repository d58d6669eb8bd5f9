"""Every inflected form of a Ukrainian or Russian word, and a word put into the same form.

A house-style rule "Киев -> Київ" must also catch "Киеве" and "Киева", and suggest the
replacement in that case and number. pymorphy3's dictionaries (VESUM for Ukrainian,
OpenCorpora for Russian) list each word's paradigm; a word they do not know is matched
as written only.
"""

from __future__ import annotations

from functools import lru_cache

from corrigenda.checks.spelling import MORPHOLOGY_LANGUAGES, analyses

# The grammemes a replacement takes over from the form it replaces.
_CASES = frozenset({"nomn", "gent", "datv", "accs", "ablt", "loct", "voct", "gen2", "acc2", "loc2"})
_NUMBERS = frozenset({"sing", "plur"})


def inflects(language: str) -> bool:
    return language in MORPHOLOGY_LANGUAGES


def _known_parses(word: str, language: str) -> list:
    lowered = word.lower()
    known = [parse for parse in analyses(lowered, language) if parse.is_known]
    # A rule names a word in its dictionary form ("Киев", not "Киева"): its own paradigm
    # first; a homonym's ("кий" for "киев") only when no paradigm starts with the word.
    own = [parse for parse in known if parse.normal_form.replace("ё", "е") == lowered]
    return own or known[:1]


@lru_cache(maxsize=4096)
def word_forms(word: str, language: str) -> tuple[tuple[str, frozenset[str]], ...]:
    """(form, its case and number grammemes) for every form of the word, lower case, the
    word itself first; () when the language has no morphology or the word is unknown."""
    if not inflects(language) or not word.isalpha():
        return ()
    forms: dict[str, frozenset[str]] = {word.lower(): frozenset()}
    for parse in _known_parses(word, language):
        for form in parse.lexeme:
            grammemes = frozenset(form.tag.grammemes) & (_CASES | _NUMBERS)
            for spelling in {form.word, form.word.replace("ё", "е")}:
                if not forms.get(spelling):
                    forms[spelling] = grammemes
    return tuple(forms.items())


@lru_cache(maxsize=4096)
def inflect_like(replacement: str, grammemes: frozenset[str], language: str) -> str | None:
    """The replacement in the case and number `grammemes` name, written with the
    replacement's capitals; None when the dictionary does not know it or that form."""
    if not grammemes or not replacement.isalpha():
        return None
    for parse in _known_parses(replacement, language):
        inflected = parse.inflect(set(grammemes))
        if inflected is not None:
            return _cased_like(replacement, inflected.word)
    return None


def _cased_like(model: str, word: str) -> str:
    if model.isupper() and len(model) > 1:
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word
