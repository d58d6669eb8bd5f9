"""CSV cells that spreadsheets open as text, never as a formula, and back.

Every CSV the desk hands out (metrics, style rules) writes its cells through `safe_cell`;
the style-rules import reads them through `cell_text`, so an export imports back as it was.
"""

# Spreadsheets run a cell that starts like a formula; texts from readers, pages and the
# desk may start so.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """A text that starts like a formula, after any leading `'`, gets one `'` more in front:
    spreadsheets show the rest as text. Other values are kept as they are."""
    if isinstance(value, str) and value.lstrip("'").startswith(FORMULA_STARTS):
        return "'" + value
    return value


def cell_text(cell: str) -> str:
    """The text `safe_cell` was given."""
    if cell.startswith("'") and cell.lstrip("'").startswith(FORMULA_STARTS):
        return cell[1:]
    return cell
