"""Dates in the style of Nghị định 30/2020/NĐ-CP: days below 10 and months 1–2 take a leading zero."""

from datetime import date


def _month(month: int) -> str:
    return f"{month:02d}" if month <= 2 else str(month)


def vn_date(value: date) -> str:
    """14 June 2023 → 'ngày 14 tháng 6 năm 2023'; 5 January 2020 → 'ngày 05 tháng 01 năm 2020'."""
    return f"ngày {value.day:02d} tháng {_month(value.month)} năm {value.year}"


def vn_short_date(value: date) -> str:
    """2 March 2023 → '02/3/2023', as in citations of legal bases."""
    return f"{value.day:02d}/{_month(value.month)}/{value.year}"


def register_number(number: int) -> str:
    """7 → '07', 2880 → '2880': Decree 30 (Phụ lục I, ô 3) writes numbers below 10 with a leading zero."""
    return f"{number:02d}"


def vn_date_range(start: date, end: date) -> str:
    """06–07 June 2023 → 'từ ngày 06-07/6/2023'; a single day → 'ngày 08/6/2023'."""
    if start == end:
        return f"ngày {vn_short_date(start)}"
    if (start.year, start.month) == (end.year, end.month):
        return f"từ ngày {start.day:02d}-{vn_short_date(end)}"
    if start.year == end.year:
        return f"từ ngày {start.day:02d}/{_month(start.month)} đến ngày {vn_short_date(end)}"
    return f"từ ngày {vn_short_date(start)} đến ngày {vn_short_date(end)}"


def vn_number(value: int) -> str:
    """1048576 → '1.048.576' (Vietnamese groups thousands with dots)."""
    return f"{value:,}".replace(",", ".")
