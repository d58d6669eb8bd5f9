"""Pure text anchoring: selectors, article-text normalisation, quote search.

Imports nothing from Django, so it can be tested and benchmarked alone.
"""
