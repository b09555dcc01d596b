"""Forms for signing: approving with a PIN or password, uploading a PDF signed elsewhere."""

from django import forms

from inspections.forms.text import TextRulesMixin
from inspections.models import Certificate

SIGNED_PDF_MAX_BYTES = 30 * 1024 * 1024

COMMENT = forms.CharField(
    label="Ý kiến",
    required=False,
    widget=forms.Textarea(attrs={"rows": 3}),
    max_length=2000,
    help_text="Không bắt buộc; được lưu cùng lần duyệt.",
    error_messages={"max_length": "Ý kiến dài tối đa %(limit_value)d ký tự (đang có %(show_value)d)."},
)


class ApproveForm(TextRulesMixin, forms.Form):
    """The leader's comment and the PIN or password that unlocks their key for this one signature."""

    comment = COMMENT
    secret = forms.CharField(
        label="Mã PIN của token",
        max_length=200,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}, render_value=False),
        error_messages={"required": "Nhập mã PIN để ký."},
    )

    def __init__(self, *args, certificate: Certificate | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if certificate is not None and certificate.key_store == Certificate.KeyStore.PKCS12:
            self.fields["secret"].label = "Mật khẩu tệp chứng thư (PKCS#12)"
            self.fields["secret"].error_messages["required"] = "Nhập mật khẩu tệp chứng thư để ký."
        self.fields["secret"].help_text = "Chỉ dùng cho lần ký này; hệ thống không lưu."


class SignedUploadForm(TextRulesMixin, forms.Form):
    """A PDF the leader signed on their own computer."""

    file = forms.FileField(
        label="Tệp PDF đã ký",
        help_text="Đúng tệp đã tải về từ trang này, sau khi ký bằng công cụ ký số của bạn (tối đa 30 MB).",
        error_messages={"required": "Chọn tệp PDF đã ký.", "empty": "Tệp rỗng."},
    )
    comment = COMMENT

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > SIGNED_PDF_MAX_BYTES:
            raise forms.ValidationError("Tệp quá lớn (tối đa 30 MB).")
        return upload
