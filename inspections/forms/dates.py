"""The date field of the app's own forms: shows and takes dd/mm/yyyy, with a calendar (issue 19).

A browser's `<input type="date">` shows the date in the browser's language (mm/dd/yyyy in an
English Chromium), so the app uses a text field in the Vietnamese order; static/js/datepicker.js
adds a "Lịch" button with a month grid that writes dd/mm/yyyy. The server reads dd/mm/yyyy (and
yyyy-mm-dd) through DATE_INPUT_FORMATS (config/formats/vi) and refuses anything else.
"""

from datetime import date

from django import forms


class VnDateInput(forms.DateInput):
    input_type = "text"

    def __init__(self, attrs=None):
        defaults = {
            "placeholder": "dd/mm/yyyy",
            "autocomplete": "off",
            "data-datepicker": "",
        }
        super().__init__(attrs={**defaults, **(attrs or {})}, format="%d/%m/%Y")


def issue_date_field() -> forms.DateField:
    """The date a document was issued (ngày ban hành), as the issue and register forms take it."""
    return forms.DateField(
        label="Ngày ban hành",
        widget=VnDateInput(),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={"required": "Nhập ngày ban hành.", "invalid": "Ngày không hợp lệ (dd/mm/yyyy)."},
    )


def limit_to(widget: forms.Widget, first: date | None, last: date | None) -> None:
    """Grey out the calendar's days outside first..last (the server still checks)."""
    if first:
        widget.attrs["data-min"] = first.strftime("%d/%m/%Y")
    if last:
        widget.attrs["data-max"] = last.strftime("%d/%m/%Y")
