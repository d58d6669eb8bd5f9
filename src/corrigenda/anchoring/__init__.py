"""Pure text anchoring: selectors, article-text normalisation, quote search.

Imports nothing from Django, so it can be tested and benchmarked alone. One idea per
module:

- `text`: the article text as stored, and browser (UTF-16) offsets into it;
- `selectors`: W3C TextQuoteSelector and TextPositionSelector, to and from JSON;
- `folding`: the form in which text is compared, with offsets back to the original;
- `spans`: spans of text, and when two of them are one passage;
- `quote_search`: `anchor`, finding a quote in a text (exact, then approximate);
- `revision_diff`: what stayed and what changed between two revisions;
- `reanchoring`: `reanchor`, carrying a passage to a new revision (anchored,
  changed or orphaned), and `reanchor_many` for all open issues after one edit.
"""

from .folding import FoldedText, fold
from .quote_search import Anchor, Method, anchor
from .reanchoring import AnchorState, Reanchored, RevisionPair, reanchor, reanchor_many
from .selectors import (
    InvalidSelector,
    Selector,
    TextPositionSelector,
    TextQuoteSelector,
    describe,
    position_from_utf16,
    position_to_utf16,
)
from .spans import Span, spans_overlap_enough

__all__ = [
    "Anchor",
    "AnchorState",
    "FoldedText",
    "InvalidSelector",
    "Method",
    "Reanchored",
    "RevisionPair",
    "Selector",
    "Span",
    "TextPositionSelector",
    "TextQuoteSelector",
    "anchor",
    "describe",
    "fold",
    "position_from_utf16",
    "position_to_utf16",
    "reanchor",
    "reanchor_many",
    "spans_overlap_enough",
]
