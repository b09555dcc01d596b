"""Forms of the outgoing register: the number field every page shares, entries made by hand, filters."""

import re

from django import forms
from django.utils import timezone

from inspections.forms.dates import issue_date_field, limit_to
from inspections.forms.text import TextRulesMixin
from inspections.models import RegisterEntry
from inspections.models.register import ABBREVIATIONS, MAX_NUMBER, DocumentKind, kind_label
from inspections.services.register import correction_rule, gap_question, holder, taken_message
from inspections.vn import vn_short_date

SYMBOL_RE = re.compile(r"^[A-ZĐ][A-Za-zĐđ0-9&]*(-[A-ZĐ0-9&]+)*$")


class NumberField(forms.IntegerField):
    """A register number: any integer typed gets a Vietnamese message, never reaches the database."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Số văn bản")
        super().__init__(
            min_value=1,
            max_value=MAX_NUMBER,
            error_messages={
                "required": "Nhập số văn bản.",
                "invalid": "Số văn bản phải là số nguyên.",
                "min_value": "Số văn bản phải lớn hơn 0.",
                "max_value": f"Số văn bản tối đa là {MAX_NUMBER} (sáu chữ số); kiểm tra lại số đã nhập.",
            },
            **kwargs,
        )


class GapConfirmationMixin:
    """A number far ahead of the next free one needs `confirm_gap` equal to that very number."""

    gap_question = ""

    def check_gap(self, organization, kind: str, number: int, year: int) -> None:
        question = gap_question(organization, year, kind, number)
        confirmed = self.data.get("confirm_gap") == str(number)
        if question and not confirmed:
            self.gap_question = question
            self.add_error("number", question)


class RegisterEntryForm(GapConfirmationMixin, TextRulesMixin, forms.ModelForm):
    """A document issued outside the app, entered so that the series stays whole."""

    number = NumberField()
    issued_on = issue_date_field()

    class Meta:
        model = RegisterEntry
        fields = ["kind", "number", "symbol", "issued_on", "summary", "signer_name", "recipients"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 2}),
            "recipients": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "summary": "Trích yếu như in trên văn bản, ví dụ “kiểm tra công tác cải cách hành chính …”.",
            "signer_name": "Họ tên người ký; để trống nếu chưa rõ.",
            "recipients": "Mỗi nơi nhận một dòng; không bắt buộc.",
        }
        error_messages = {
            "kind": {"required": "Chọn loại văn bản.", "invalid_choice": "Loại văn bản không hợp lệ."},
            "symbol": {"required": "Nhập ký hiệu, ví dụ KH-BQL."},
            "summary": {"required": "Nhập trích yếu của văn bản."},
        }

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization
        self.fields["kind"].choices = [("", "—")] + [(kind.value, kind_label(kind)) for kind in DocumentKind]
        limit_to(self.fields["issued_on"].widget, None, timezone.localdate())  # not after today
        if not self.instance.pk:
            self.fields["symbol"].help_text = f"Phần sau số, ví dụ KH-{organization.abbreviation}."

    def clean_symbol(self):
        symbol = self.cleaned_data["symbol"].strip()
        if not SYMBOL_RE.match(symbol):
            raise forms.ValidationError(
                f"Ký hiệu không đúng dạng. Ví dụ: KH-{self.organization.abbreviation}, "
                f"TB-{self.organization.abbreviation}, {self.organization.abbreviation}-VP (công văn)."
            )
        return symbol

    def clean_issued_on(self):
        issued_on = self.cleaned_data["issued_on"]
        today = timezone.localdate()
        if issued_on > today:
            raise forms.ValidationError(f"Ngày ban hành không được sau hôm nay ({vn_short_date(today)}).")
        return issued_on

    def clean(self):
        data = super().clean()
        kind, symbol = data.get("kind"), data.get("symbol")
        abbreviation = ABBREVIATIONS.get(kind, "")
        if kind and symbol and abbreviation and not symbol.startswith(f"{abbreviation}-"):
            self.add_error(
                "symbol",
                f"Ký hiệu của {DocumentKind(kind).label.lower()} bắt đầu bằng “{abbreviation}-”, "
                f"ví dụ {abbreviation}-{self.organization.abbreviation}.",
            )
        number, issued_on = data.get("number"), data.get("issued_on")
        if kind and number and issued_on and not self.errors:
            taken = holder(
                self.organization, issued_on.year, kind, number, exclude=self.instance.pk and self.instance
            )
            if taken:
                self.add_error(
                    "number", taken_message(number, issued_on.year, taken, reference=f"{number:02d}/{symbol}")
                )
            elif self._places_number():
                self.check_gap(self.organization, kind, number, issued_on.year)
        return data

    def _places_number(self) -> bool:
        """A new line, or a correction that moves the number: the gap question applies."""
        if not self.instance.pk:
            return True
        return any(name in self.changed_data for name in ("kind", "number", "issued_on"))


class RegisterCorrectionForm(RegisterEntryForm):
    """A correction of a line entered by hand: always with a reason; its place only while nothing follows."""

    reason = forms.CharField(
        label="Lý do sửa",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Nhập lý do sửa; lý do được lưu vào nhật ký của sổ."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.rule = correction_rule(self.instance)
        if not self.rule.allowed:
            for name in ("kind", "number", "issued_on"):
                self.fields[name].disabled = True


class RegisterFilterForm(TextRulesMixin, forms.Form):
    year = forms.TypedChoiceField(label="Năm", required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(label="Loại văn bản", required=False)
    q = forms.CharField(label="Tìm", required=False, max_length=200)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", "Tất cả")] + [(y, str(y)) for y in years]
        self.fields["kind"].choices = [("", "Tất cả")] + [
            (kind.value, kind_label(kind)) for kind in DocumentKind
        ]
