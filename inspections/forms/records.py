"""Forms for inspection records: rounds, visits, findings, evidence and minutes scan uploads.

Each form states the rules a person can break by typing (dates, scope, required text) and
answers in Vietnamese next to the field; the database constraints stay the last guard.
"""

from django import forms
from django.core.exceptions import ValidationError

from inspections.forms.dates import VnDateInput as DateInput
from inspections.forms.dates import limit_to
from inspections.forms.text import TextRulesMixin
from inspections.models import Criterion, Finding, Inspection, InspectionPlan, ReferenceDocument, UnitCheck
from inspections.services.evidence import check_upload
from inspections.services.lifecycle import followup_of, result_change_refusal
from inspections.services.scans import check_scan
from inspections.vn import vn_short_date
from units.models import Unit, User


class UserChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.display_name} – {obj.title}" if obj.title else obj.display_name


class InspectionForm(TextRulesMixin, forms.ModelForm):
    team = UserChoices(
        label="Đoàn kiểm tra",
        queryset=User.objects.filter(is_active=True).order_by("full_name", "username"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Inspection
        fields = [
            "plan",
            "title",
            "announcement",
            "units",
            "starts_on",
            "ends_on",
            "team",
            "team_leader",
            "team_secretary",
        ]
        widgets = {
            "units": forms.CheckboxSelectMultiple,
            "starts_on": DateInput(),
            "ends_on": DateInput(),
        }
        error_messages = {
            "title": {"required": "Vui lòng nhập tên đợt kiểm tra."},
            "plan": {"required": "Vui lòng chọn kế hoạch kiểm tra."},
            "units": {"required": "Vui lòng chọn ít nhất một phòng, đơn vị được kiểm tra."},
            "starts_on": {"required": "Vui lòng nhập ngày bắt đầu.", "invalid": "Ngày không hợp lệ."},
            "ends_on": {"required": "Vui lòng nhập ngày kết thúc.", "invalid": "Ngày không hợp lệ."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = InspectionPlan.objects.select_related("document")
        self.fields["announcement"].queryset = ReferenceDocument.objects.filter(
            kind=ReferenceDocument.Kind.NOTICE
        )
        self.fields["units"].queryset = Unit.objects.active().order_by("kind", "order", "name")
        people = User.objects.filter(is_active=True).order_by("full_name", "username")
        for name in ("team_leader", "team_secretary"):
            self.fields[name].queryset = people
            self.fields[name].label_from_instance = UserChoices.label_from_instance.__get__(
                self.fields["team"]
            )
        self.fields[
            "team_leader"
        ].help_text = "Người ký biên bản kiểm tra tại các đơn vị; phải là thành viên Đoàn."
        self.fields["team_secretary"].help_text = "Người ghi biên bản; phải là thành viên Đoàn."

    def clean(self):
        data = super().clean()
        team = data.get("team")
        for name, role in (("team_leader", "Trưởng đoàn"), ("team_secretary", "Thư ký đoàn")):
            person = data.get(name)
            if person is not None and (team is None or person not in team):
                self.add_error(
                    name, f"{role} phải là thành viên Đoàn kiểm tra: hãy đánh dấu người này ở trên."
                )
        leader, secretary = data.get("team_leader"), data.get("team_secretary")
        if leader is not None and leader == secretary:
            self.add_error("team_secretary", "Thư ký đoàn phải là người khác Trưởng đoàn.")
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "Ngày kết thúc không được trước ngày bắt đầu.")
            return data
        if self.instance.pk and starts and ends:
            # Visits already recorded must stay inside the round's dates and scope.
            units = data.get("units")
            for unit_check in self.instance.unit_checks.select_related("unit"):
                if not starts <= unit_check.checked_on <= ends:
                    self.add_error(
                        "starts_on",
                        f"Đã có buổi kiểm tra {unit_check.unit} ngày {vn_short_date(unit_check.checked_on)}, "
                        "nằm ngoài khoảng ngày mới.",
                    )
                if units is not None and unit_check.unit not in units:
                    self.add_error(
                        "units", f"Không thể bỏ {unit_check.unit}: đơn vị này đã có buổi kiểm tra."
                    )
        return data


class UnitCheckForm(TextRulesMixin, forms.ModelForm):
    class Meta:
        model = UnitCheck
        fields = ["unit", "checked_on", "starts_at", "ends_at", "status", "attendees", "minutes_reference"]
        widgets = {
            "checked_on": DateInput(),
            "starts_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "ends_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "attendees": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "unit": {
                "required": "Vui lòng chọn phòng, đơn vị.",
                "invalid_choice": "Đơn vị này không thuộc phạm vi của đợt kiểm tra.",
            },
            "checked_on": {"required": "Vui lòng nhập ngày kiểm tra.", "invalid": "Ngày không hợp lệ."},
            "starts_at": {"invalid": "Giờ không hợp lệ; nhập dạng 08:00."},
            "ends_at": {"invalid": "Giờ không hợp lệ; nhập dạng 10:30."},
        }

    def __init__(self, *args, inspection: Inspection, **kwargs):
        super().__init__(*args, **kwargs)
        self.inspection = inspection
        self.instance.inspection = inspection
        self.fields["unit"].queryset = inspection.units.order_by("kind", "order", "name")

    def clean_unit(self):
        unit = self.cleaned_data["unit"]
        taken = UnitCheck.objects.filter(inspection=self.inspection, unit=unit).exclude(pk=self.instance.pk)
        if taken.exists():
            raise ValidationError(f"{unit} đã có buổi kiểm tra trong đợt này; hãy sửa buổi đã có.")
        return unit

    def clean_checked_on(self):
        day = self.cleaned_data["checked_on"]
        check_within_round(self.inspection, day)
        return day


def check_within_round(inspection: Inspection, day) -> None:
    """Refuse a visit's day outside the round's dates, naming them."""
    starts, ends = inspection.starts_on, inspection.ends_on
    if not starts <= day <= ends:
        span = vn_short_date(starts)
        if ends != starts:
            span += f"–{vn_short_date(ends)}"
        raise ValidationError(f"Ngày kiểm tra phải nằm trong thời gian của đợt ({span}).")


class ScheduleVisitsForm(forms.Form):
    """The planned visits of a round in one form: a day for each unit of the round without a
    visit yet, the round's first day by default; a day left empty schedules that unit later."""

    def __init__(self, *args, inspection: Inspection, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.inspection = inspection
        self.units = list(units)
        for unit in self.units:
            field = forms.DateField(
                label=unit.name,
                required=False,
                initial=inspection.starts_on,
                widget=DateInput(),
                error_messages={"invalid": "Ngày không hợp lệ (dd/mm/yyyy)."},
            )
            limit_to(field.widget, inspection.starts_on, inspection.ends_on)
            self.fields[self.field_name(unit)] = field

    @staticmethod
    def field_name(unit) -> str:
        return f"unit_{unit.pk}"

    def rows(self):
        return [(unit, self[self.field_name(unit)]) for unit in self.units]

    def clean(self):
        data = super().clean()
        for unit in self.units:
            day = data.get(self.field_name(unit))
            if day:
                try:
                    check_within_round(self.inspection, day)
                except ValidationError as error:
                    self.add_error(self.field_name(unit), error)
        if not self.errors and not self.planned():
            raise ValidationError("Chưa nhập ngày kiểm tra cho đơn vị nào.")
        return data

    def planned(self) -> dict:
        """{unit: day} for the units given a day."""
        days = {unit: self.cleaned_data.get(self.field_name(unit)) for unit in self.units}
        return {unit: day for unit, day in days.items() if day}


class FindingForm(TextRulesMixin, forms.ModelForm):
    """One criterion at one visit. `version` is the copy the editor saw (optimistic locking)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Finding
        # No "closed": a shortcoming is closed only on its follow-up page, from "Đơn vị đã báo cáo".
        fields = ["result", "observation", "recommendation", "due_on"]
        widgets = {
            "result": forms.RadioSelect,
            "observation": forms.Textarea(attrs={"rows": 4}),
            "recommendation": forms.Textarea(attrs={"rows": 2}),
            "due_on": DateInput(),
        }
        error_messages = {
            "result": {"required": "Vui lòng chọn kết quả.", "invalid_choice": "Kết quả không hợp lệ."},
            "observation": {"required": "Vui lòng nhập nhận xét (không để trống)."},
            "due_on": {"invalid": "Ngày không hợp lệ."},
        }

    def __init__(self, *args, unit_check: UnitCheck, criterion: Criterion, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.unit_check = unit_check
        self.instance.criterion = criterion
        self.unit_check, self.criterion = unit_check, criterion
        # The follow-up state the form shows (and links to); never edited here.
        self.followup = None
        if self.instance.pk:
            followup = followup_of(self.instance)
            if followup.pk or self.instance.result == Finding.Result.SHORTCOMING:
                self.followup = followup
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        self.fields["result"].choices = Finding.Result.choices  # no empty radio button

    def clean(self):
        data = super().clean()
        unit_check, criterion = self.unit_check, self.criterion
        if not criterion.applies_to_kind(unit_check.unit.kind):
            raise ValidationError(
                f"Nội dung “{criterion}” không áp dụng cho {unit_check.unit.get_kind_display().lower()}."
            )
        if (
            self.instance.pk is None
            and Finding.objects.filter(unit_check=unit_check, criterion=criterion).exists()
        ):
            raise ValidationError(
                f"Nội dung “{criterion}” đã có kết quả tại {unit_check.unit}; hãy sửa kết quả đã có."
            )
        result, due_on = data.get("result"), data.get("due_on")
        if result == Finding.Result.SHORTCOMING:
            if not due_on and "due_on" not in self.errors:
                self.add_error("due_on", "Kết quả có tồn tại, hạn chế phải có hạn khắc phục.")
            elif due_on and due_on < unit_check.checked_on:
                self.add_error(
                    "due_on",
                    f"Hạn khắc phục không được trước ngày kiểm tra ({vn_short_date(unit_check.checked_on)}).",
                )
        elif result and due_on:
            self.add_error("due_on", "Chỉ kết quả “có tồn tại, hạn chế” mới có hạn khắc phục.")
        if result and self.instance.pk:
            # Still the stored values: the form copies its data onto the instance after clean().
            refusal = result_change_refusal(self.instance, result)
            if refusal:
                self.add_error("result", refusal)
        if self.instance.pk and data.get("version") is None:
            raise ValidationError("Thiếu phiên bản của kết quả; vui lòng tải lại trang.")
        return data


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label="Tài liệu minh chứng",
        error_messages={"required": "Vui lòng chọn tệp.", "empty": "Tệp rỗng, không có nội dung."},
        help_text="PDF, JPEG, PNG, DOCX, XLSX.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_upload(upload)
        return upload


class MinutesScanForm(TextRulesMixin, forms.Form):
    file = forms.FileField(
        label="Bản quét biên bản đã ký",
        error_messages={
            "required": "Vui lòng chọn tệp bản quét biên bản đã ký.",
            "empty": "Tệp rỗng, không có nội dung.",
        },
        help_text="Nên quét thành PDF, màu, độ phân giải từ 200 dpi, tỷ lệ 100% (Nghị định 30/2020/NĐ-CP, "
        "Phụ lục I); ảnh chụp JPEG hoặc PNG cũng được nhận. Bản mới thay bản cũ trên trang, "
        "bản cũ vẫn được lưu.",
        widget=forms.FileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )
    note = forms.CharField(
        label="Ghi chú",
        max_length=500,
        required=False,
        help_text="Ví dụ: “Bản quét lại, rõ chữ ký của Trưởng đoàn”.",
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "scan-%s")  # unique on the visit page beside the finding forms
        super().__init__(*args, **kwargs)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_scan(upload)
        return upload
