from django import template

from inspections import vn
from inspections.audit import action_label

register = template.Library()


@register.filter
def vn_date(value) -> str:
    """Format a date as 'ngày 14 tháng 6 năm 2023' (empty for no date)."""
    return vn.vn_date(value) if value else ""


@register.filter
def vn_short_date(value) -> str:
    """Format a date as '02/3/2023' (empty for no date)."""
    return vn.vn_short_date(value) if value else ""


@register.filter
def register_number(value) -> str:
    """Format a register number as Decree 30 prints it: 7 → '07' (empty for no number)."""
    return vn.register_number(value) if value else ""


@register.filter
def audit_label(action: str) -> str:
    """'notice.return' → 'Trả lại để sửa'."""
    return action_label(action)


@register.filter
def vn_datetime(value) -> str:
    """'14:30:05 ngày 14/6/2023 (giờ Việt Nam)' for a signing time, never raw ISO 8601 (issue 19)."""
    if not value:
        return ""
    from django.utils import timezone

    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{local:%H:%M:%S} ngày {vn.vn_short_date(local.date())} (giờ Việt Nam)"
