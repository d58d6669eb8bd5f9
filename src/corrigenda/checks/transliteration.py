"""A spelling-blind normal form of a name, so that romanisations and Ukrainian or
Russian spellings of one name meet: Zelensky, Zelenskyy, Зеленський; Oleksandr,
Olexandr; Yulia, Julia."""

from __future__ import annotations

import re
import unicodedata

_CYRILLIC = str.maketrans(
    {
        "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie",
        "ё": "io", "ж": "zh", "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k",
        "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
        "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
        "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "iu", "я": "ia", "'": "", "’": "",
        "ʼ": "",
    }
)  # fmt: skip
# Spelling choices that romanisations make differently, folded to one.
_FOLDS = (
    (re.compile(r"shch|sch"), "s"),
    (re.compile(r"kh"), "h"),
    (re.compile(r"d?zh|dj"), "j"),
    (re.compile(r"ch"), "c"),
    (re.compile(r"sh"), "s"),
    (re.compile(r"ks"), "x"),
    (re.compile(r"ck"), "k"),
    (re.compile(r"ph"), "f"),
    (re.compile(r"w"), "v"),
    (re.compile(r"tz|ts"), "c"),
    (re.compile(r"[yij]+"), "i"),
    (re.compile(r"(.)\1+"), r"\1"),
)


def name_key(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name.lower().translate(_CYRILLIC))
    key = "".join(char for char in folded if char.isalpha())
    for pattern, replacement in _FOLDS:
        key = pattern.sub(replacement, key)
    return key
