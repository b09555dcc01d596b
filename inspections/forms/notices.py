"""Forms for notices: the draft and its parts, review comments, issuing, list filters."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils import timezone

from inspections.forms.dates import issue_date_field, limit_to
from inspections.forms.lifecycle import ActionInputsForm
from inspections.forms.register import GapConfirmationMixin, NumberField
from inspections.forms.text import TextRulesMixin
from inspections.models import Inspection, Notice, NoticeItem, NoticeLegalBasis, NoticeRecipient
from inspections.models import ReferenceDocument as Document
from inspections.services.issuing import check_issue_values
from inspections.services.lifecycle import NOTICE
from units.models import User


class SignerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return f"{user.display_name} – {user.title}"


class NoticeForm(TextRulesMixin, forms.ModelForm):
    # The version the page saw (services.notices.notice_version): a stale save is refused.
    version = forms.CharField(widget=forms.HiddenInput, required=False)
    signer = SignerChoiceField(
        label="Người ký",
        queryset=User.objects.filter(is_active=True).exclude(title="").order_by("full_name", "username"),
        error_messages={"required": "Chọn người ký.", "invalid_choice": "Người ký không hợp lệ."},
    )

    class Meta:
        model = Notice
        fields = [
            "title",
            "opening",
            "closing",
            "signer",
            "authority",
            "counterpart_title",
            "counterpart_name",
        ]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "opening": forms.Textarea(attrs={"rows": 10}),
            "closing": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "title": "Viết thường theo Nghị định 30 (chỉ viết hoa chữ đầu và tên riêng); bản in giữ nguyên "
            "cách viết này, in đậm, căn giữa dưới chữ THÔNG BÁO.",
            "opening": "Đoạn căn cứ và đoạn dẫn “Sau khi kiểm tra …”, cách nhau bằng một dòng trống.",
            "closing": "Đoạn yêu cầu cuối, kết thúc bằng “./.”.",
            "authority": "Dòng trên của khối chữ ký, ví dụ KT. TRƯỞNG BAN.",
            "counterpart_title": "Biên bản: chức vụ người đại diện đơn vị ký bên trái, ví dụ Trưởng phòng.",
            "counterpart_name": "Biên bản: họ tên người đại diện đơn vị; để trống thì bản in để dòng "
            "ký, ghi rõ họ tên.",
        }
        error_messages = {"title": {"required": "Nhập trích yếu của thông báo."}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from inspections.services.notices import notice_version

        self.fields["version"].initial = notice_version(self.instance)
        spec = self.instance.spec
        # Only a biên bản has the inspected unit's signatory; the title's hint names the kind.
        if not spec.counterpart:
            for name in ("counterpart_title", "counterpart_name"):
                self.fields.pop(name, None)
        hints = {
            "title": "Viết thường theo Nghị định 30 (chỉ viết hoa chữ đầu và tên riêng); bản in giữ nguyên "
            f"cách viết này, in đậm, căn giữa dưới chữ {spec.type_name}.",
        }
        if spec.kind != Notice.Kind.RESULTS:
            hints["opening"] = "Phần mở đầu: căn cứ và lời dẫn, mỗi đoạn một dòng."
            hints["closing"] = f"{spec.closing_label}; kết thúc bằng “./.” (nếu có)."
        for name, hint in hints.items():
            if name in self.fields:  # the admin shows a narrower set of fields
                self.fields[name].help_text = hint


class PartForm(TextRulesMixin, forms.ModelForm):
    position = forms.IntegerField(
        label="Thứ tự",
        required=False,
        min_value=1,
        widget=forms.NumberInput(attrs={"class": "position"}),
        error_messages={"invalid": "Thứ tự phải là số nguyên.", "min_value": "Thứ tự phải từ 1 trở lên."},
    )

    def clean_position(self):
        return self.cleaned_data.get("position") or 0


class ItemForm(PartForm):
    class Meta:
        model = NoticeItem
        fields = ["position", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"text": {"required": "Nhập nội dung mục."}}


class RecipientForm(PartForm):
    class Meta:
        model = NoticeRecipient
        fields = ["position", "text"]
        error_messages = {"text": {"required": "Nhập nơi nhận."}}


class LegalBasisForm(PartForm):
    document = forms.ModelChoiceField(
        label="Văn bản",
        queryset=Document.objects.order_by("-issued_on", "number_symbol"),
        error_messages={"required": "Chọn văn bản căn cứ.", "invalid_choice": "Văn bản không hợp lệ."},
    )

    class Meta:
        model = NoticeLegalBasis
        fields = ["position", "document"]


class PartFormSet(BaseInlineFormSet):
    """The rows of one kind of part; a posted row must be one of this draft's own rows."""

    def clean(self):
        super().clean()
        # A row whose id is not one of this draft's parts (another notice's id, or a row deleted
        # meanwhile) would be silently dropped by Django: refuse the whole save instead.
        if any(form.instance.pk is None for form in self.initial_forms):
            raise ValidationError(
                "Có dòng không thuộc dự thảo này (trang có thể đã cũ). Tải lại trang rồi sửa lại; "
                "chưa có gì được lưu.",
                code="foreign_row",
            )


def _formset(model, form, most: int):
    # `most` bounds one notice's size (and its render time) with the length of each part.
    options = {"extra": 1, "can_delete": True, "max_num": most, "validate_max": True}
    return inlineformset_factory(Notice, model, form=form, formset=PartFormSet, **options)


ItemFormSet = _formset(NoticeItem, ItemForm, Notice.MAX_ITEMS)
RecipientFormSet = _formset(NoticeRecipient, RecipientForm, Notice.MAX_RECIPIENTS)
LegalBasisFormSet = _formset(NoticeLegalBasis, LegalBasisForm, Notice.MAX_BASES)


def notice_formsets(notice: Notice, data=None) -> list:
    """The three part formsets of the edit page, bound to `data` when given."""
    return [
        ItemFormSet(data, instance=notice, prefix="items"),
        RecipientFormSet(data, instance=notice, prefix="recipients"),
        LegalBasisFormSet(data, instance=notice, prefix="bases"),
    ]


class ReviewForm(TextRulesMixin, ActionInputsForm):
    """The comment of a review action; whether it is required is the action's rule (lifecycle)."""

    comment = forms.CharField(
        label="Ý kiến",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="Không bắt buộc khi duyệt; bắt buộc khi trả lại dự thảo. Ý kiến được lưu cùng thông báo.",
        error_messages={"max_length": "Ý kiến dài tối đa %(limit_value)d ký tự (đang có %(show_value)d)."},
    )

    proceed = forms.BooleanField(
        label="Tôi đã đọc các cảnh báo trên và vẫn trình duyệt",
        required=False,
    )

    def __init__(self, *args, action: str, **kwargs):
        super().__init__(*args, lifecycle=NOTICE, action=action, **kwargs)


class IssueForm(GapConfirmationMixin, TextRulesMixin, forms.Form):
    number = NumberField()
    issued_on = issue_date_field()
    # The number the page suggested: left as it is, the clerk gets the next free number at the
    # moment of issuing (services/issuing.py), never "number taken".
    suggested = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, notice: Notice, **kwargs):
        super().__init__(*args, **kwargs)
        self.notice = notice
        limit_to(self.fields["issued_on"].widget, None, timezone.localdate())  # not after today

    def clean(self):
        data = super().clean()
        if data.get("issued_on"):
            for name, message in check_issue_values(self.notice, None, data["issued_on"]).items():
                self.add_error(name, message)
        if data.get("number") and data.get("issued_on") and not self.errors and not self.accepts_suggestion:
            self.check_gap(
                self.notice.organization,
                self.notice.spec.register_kind,
                data["number"],
                data["issued_on"].year,
            )
        return data

    @property
    def accepts_suggestion(self) -> bool:
        """The number was left as suggested, for this year: issue the next free one."""
        data = self.cleaned_data
        return (
            data.get("number") is not None
            and data.get("number") == data.get("suggested")
            and data.get("issued_on") is not None
            and data["issued_on"].year == timezone.localdate().year
        )


class NoticeFilterForm(TextRulesMixin, forms.Form):
    kind = forms.ChoiceField(
        label="Loại văn bản", required=False, choices=[("", "Tất cả")] + Notice.Kind.choices
    )
    status = forms.ChoiceField(
        label="Trạng thái", required=False, choices=[("", "Tất cả")] + Notice.Status.choices
    )
    inspection = forms.ModelChoiceField(
        label="Đợt kiểm tra", required=False, queryset=Inspection.objects.all(), empty_label="Tất cả"
    )
