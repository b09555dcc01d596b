"""Bar charts as inline SVG, rendered on the server. Every bar carries its number as text,
and the page shows the same figures in a table, so nothing depends on reading a shape."""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

WIDTH = 640
LABEL_HEIGHT = 18
BAR_HEIGHT = 20
ROW_GAP = 12
# Colours reuse the app's palette (WCAG AA on white for the text beside the bars).
COLOURS = {
    "compliant": "#1e6b34",
    "shortcoming": "#a1261f",
    "noted": "#0b5394",
    "draft": "#59616b",
    "in_review": "#8a5300",
    "approved": "#0b5394",
    "issued": "#1e6b34",
    "done": "#1e6b34",
}


def stacked_bars(title: str, rows: list[tuple[str, list[tuple[str, str, int]]]]) -> SafeString:
    """Render rows of (label, [(key, series label, value), …]) as horizontal stacked bars.

    The longest row fills the width; each segment wider than its number shows the number
    inside it, and the row's total is written after the bar.
    """
    biggest = max((sum(v for _, _, v in parts) for _, parts in rows), default=0) or 1
    bar_room = WIDTH - 60
    row_height = LABEL_HEIGHT + BAR_HEIGHT + ROW_GAP
    height = max(len(rows), 1) * row_height
    shapes = []
    for index, (label, parts) in enumerate(rows):
        top = index * row_height
        shapes.append(format_html('<text x="0" y="{}" class="chart-label">{}</text>', top + 13, label))
        x = 0.0
        bar_top = top + LABEL_HEIGHT
        for key, series, value in parts:
            if not value:
                continue
            width = bar_room * value / biggest
            shapes.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}: {}</title></rect>',
                    f"{x:.1f}",
                    bar_top,
                    f"{width:.1f}",
                    BAR_HEIGHT,
                    COLOURS.get(key, "#59616b"),
                    series,
                    value,
                )
            )
            if width >= 8 * len(str(value)) + 6:
                shapes.append(
                    format_html(
                        '<text x="{}" y="{}" fill="#ffffff" font-weight="700">{}</text>',
                        f"{x + 4:.1f}",
                        bar_top + 15,
                        value,
                    )
                )
            x += width
        total = sum(v for _, _, v in parts)
        shapes.append(
            format_html(
                '<text x="{}" y="{}" class="chart-total">{}</text>', f"{x + 6:.1f}", bar_top + 15, total
            )
        )
    return format_html(
        '<svg class="chart" role="img" viewBox="0 0 {} {}" width="{}" height="{}" font-size="13" '
        'font-family="inherit" xmlns="http://www.w3.org/2000/svg"><title>{}</title>{}</svg>',
        WIDTH,
        height,
        WIDTH,
        height,
        title,
        mark_safe("".join(shapes)),  # each piece was escaped by format_html above
    )


def legend(series: list[tuple[str, str]]) -> SafeString:
    """A text legend for the series keys: [(key, label)]."""
    return format_html(
        '<ul class="chart-legend">{}</ul>',
        format_html_join(
            "",
            '<li><svg width="12" height="12" aria-hidden="true">'
            '<rect width="12" height="12" fill="{}"/></svg> {}</li>',
            ((COLOURS.get(key, "#59616b"), label) for key, label in series),
        ),
    )
