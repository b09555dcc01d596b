"""Template helpers for the inspection record pages."""

from django import template

from inspections import vn

register = template.Library()


@register.simple_tag
def vn_range(start, end) -> str:
    """'từ ngày 06-07/6/2023', or 'ngày 08/6/2023' for a single day."""
    return vn.vn_date_range(start, end) if start and end else ""
