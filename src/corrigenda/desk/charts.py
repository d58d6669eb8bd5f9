"""Small bar charts drawn on the server as inline SVG: no script, no library, readable by
screen readers (`<title>` and `<desc>`, one `<title>` per bar). Every label is escaped,
since section and author names come from publishers' pages.

The page puts a table with the same figures right below each chart.
"""

from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

BAR_COLOUR = "#1f5f8b"
TEXT_COLOUR = "#333"
GRID_COLOUR = "#ccc"
# Characters of a bar's label that fit left of the bars at the chart's font size.
LABEL_LENGTH = 26


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    # What a bar's tooltip and a screen reader say, e.g. "2026-11-20: 3 reports".
    description: str


def _svg(chart_id: str, title: str, description: str, width: int, height: int, body) -> SafeString:
    return format_html(
        '<svg class="chart" id="{id}" viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
        'role="img" aria-labelledby="{id}-title {id}-desc" xmlns="http://www.w3.org/2000/svg" '
        'font-family="system-ui, sans-serif" font-size="12">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{body}</svg>',
        id=chart_id,
        w=width,
        h=height,
        title=title,
        desc=description,
        body=body,
    )


def column_chart(
    chart_id: str,
    bars: list[Bar],
    *,
    title: str,
    description: str,
    label_every: int = 7,
) -> SafeString:
    """Vertical bars in order (a time series); the last bar and every `label_every`-th
    before it are labelled."""
    plot_height, plot_width, left, top = 160, 640, 36, 8
    bar_step = max(4, min(64, plot_width // max(len(bars), 1)))
    gap = max(1, bar_step // 5)
    # Room on the right for the last day's label, centred under its bar.
    width = left + max(len(bars), 1) * bar_step + 24
    height = top + plot_height + 24
    baseline = top + plot_height
    highest = max((b.value for b in bars), default=0)

    def column(n: int, bar: Bar) -> tuple:
        bar_height = round(plot_height * bar.value / (highest or 1), 1)
        return (
            left + n * bar_step + gap / 2,
            round(baseline - bar_height, 1),
            bar_step - gap,
            bar_height,
            bar.description,
        )

    columns = format_html_join(
        "",
        '<rect x="{}" y="{}" width="{}" height="{}" fill="' + BAR_COLOUR + '">'
        "<title>{}</title></rect>",
        (column(n, bar) for n, bar in enumerate(bars)),
    )
    labels = format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="middle" fill="' + TEXT_COLOUR + '">{}</text>',
        (
            (left + n * bar_step + bar_step / 2, baseline + 16, bar.label)
            for n, bar in enumerate(bars)
            # Counted back from the last bar, so the latest day is always labelled.
            if (len(bars) - 1 - n) % label_every == 0
        ),
    )
    axis = format_html(
        '<line x1="{left}" y1="{base}" x2="{right}" y2="{base}" stroke="{grid}"/>'
        '<text x="{tick}" y="{base}" text-anchor="end" fill="{text}">0</text>',
        left=left,
        right=width - 24,
        base=baseline,
        tick=left - 6,
        grid=GRID_COLOUR,
        text=TEXT_COLOUR,
    )
    # With no bars above zero a top line would only repeat the 0 of the baseline.
    if highest:
        axis += format_html(
            '<line x1="{left}" y1="{top}" x2="{right}" y2="{top}" stroke="{grid}" '
            'stroke-dasharray="2 3"/>'
            '<text x="{tick}" y="{top_text}" text-anchor="end" fill="{text}">{peak}</text>',
            left=left,
            right=width - 24,
            top=top,
            top_text=top + 4,
            tick=left - 6,
            grid=GRID_COLOUR,
            text=TEXT_COLOUR,
            peak=highest,
        )
    return _svg(chart_id, title, description, width, height, axis + columns + labels)


def bar_chart(chart_id: str, bars: list[Bar], *, title: str, description: str) -> SafeString:
    """Horizontal bars, one row each, the label on the left and the value at the bar's end."""
    row_height, label_width, plot_width, top = 22, 200, 280, 4
    width = label_width + plot_width + 40
    height = top + max(len(bars), 1) * row_height + 4
    peak = max((b.value for b in bars), default=0) or 1

    def row(n: int, bar: Bar) -> tuple:
        y = top + n * row_height
        bar_width = round(plot_width * bar.value / peak, 1)
        return (
            label_width - 8,
            y + 15,
            # Long names are cut so the chart keeps its shape; the table has them whole.
            bar.label if len(bar.label) <= LABEL_LENGTH else bar.label[: LABEL_LENGTH - 1] + "…",
            label_width,
            y + 3,
            bar_width,
            row_height - 6,
            bar.description,
            label_width + bar_width + 6,
            y + 15,
            bar.value,
        )

    rows = format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="end" fill="' + TEXT_COLOUR + '">{}</text>'
        '<rect x="{}" y="{}" width="{}" height="{}" fill="' + BAR_COLOUR + '">'
        "<title>{}</title></rect>"
        '<text x="{}" y="{}" fill="' + TEXT_COLOUR + '">{}</text>',
        (row(n, bar) for n, bar in enumerate(bars)),
    )
    return _svg(chart_id, title, description, width, height, rows)
