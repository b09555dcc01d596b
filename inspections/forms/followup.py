"""Forms of the dashboard, follow-up and carry-over pages."""

from django import forms
from django.utils import timezone

from inspections.forms.dates import VnDateInput
from inspections.forms.lifecycle import ActionInputsForm
from inspections.forms.text import TextRulesMixin
from inspections.models import Finding, FollowUpReport, InspectionPlan
from inspections.services.lifecycle import FOLLOWUP, WITHDRAWN_RESULTS
from units.models import Unit


class ShortcomingFilterForm(TextRulesMixin, forms.Form):
    unit = forms.ModelChoiceField(
        Unit.objects.order_by("kind", "order", "name"),
        required=False,
        label="Phòng, đơn vị",
        empty_label="Tất cả",
    )
    year = forms.IntegerField(required=False, label="Năm", min_value=2000, max_value=2100)
    overdue = forms.BooleanField(required=False, label="Chỉ việc quá hạn")

    def apply(self, findings):
        if not self.is_valid():
            return findings
        data = self.cleaned_data
        if data["unit"]:
            findings = findings.filter(unit_check__unit=data["unit"])
        if data["year"]:
            findings = findings.filter(unit_check__inspection__plan__year=data["year"])
        if data["overdue"]:
            findings = findings.filter(due_on__lt=timezone.localdate())
        return findings


class FollowUpReportForm(TextRulesMixin, ActionInputsForm):
    text = forms.CharField(
        label="Kết quả khắc phục",
        max_length=FollowUpReport._meta.get_field("text").max_length,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Đơn vị đã làm gì để khắc phục, khi nào, văn bản nào.",
    )
    file = forms.FileField(
        label="Tài liệu minh chứng (không bắt buộc)",
        required=False,
        help_text="PDF, JPEG, PNG, DOCX hoặc XLSX; trên điện thoại có thể chụp ảnh trực tiếp.",
        widget=forms.FileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.docx,.xlsx", "data-photo": ""}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, lifecycle=FOLLOWUP, action="report", **kwargs)


class CloseForm(TextRulesMixin, forms.Form):
    comment = forms.CharField(
        label="Ý kiến (không bắt buộc)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReopenForm(TextRulesMixin, ActionInputsForm):
    comment = forms.CharField(label="Lý do mở lại", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, lifecycle=FOLLOWUP, action="reopen", **kwargs)


class WithdrawForm(TextRulesMixin, ActionInputsForm):
    """Withdraw a shortcoming recorded in error (instead of deleting it and the unit's reports)."""

    result = forms.ChoiceField(
        label="Kết quả sau khi rút lại",
        choices=[(value, Finding.Result(value).label) for value in WITHDRAWN_RESULTS],
        initial=Finding.Result.NOTED,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Chọn kết quả sau khi rút lại.",
            "invalid_choice": "Kết quả không hợp lệ.",
        },
    )
    reason = forms.CharField(
        label="Lý do rút lại",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="Lý do được lưu trong nhật ký; báo cáo và tài liệu của đơn vị vẫn được giữ.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, lifecycle=FOLLOWUP, action="withdraw", **kwargs)


class NextRoundForm(TextRulesMixin, forms.Form):
    title = forms.CharField(label="Tên đợt kiểm tra", max_length=300)
    plan = forms.ModelChoiceField(InspectionPlan.objects.all(), label="Kế hoạch", empty_label=None)
    starts_on = forms.DateField(label="Từ ngày", widget=VnDateInput())
    ends_on = forms.DateField(label="Đến ngày", widget=VnDateInput())

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", "Ngày kết thúc không được trước ngày bắt đầu.")
        return data
