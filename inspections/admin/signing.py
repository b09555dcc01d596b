"""Admin for who signs with what: certificates (uploaded, facts read from them) and images.

Saves go through services.certificates, which check and audit. Certificates are never
deleted (signatures already made name them): a certificate that must no longer sign is
revoked, and a renewed one is registered beside it.
"""

import base64

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.html import format_html

from inspections.audit import changes
from inspections.models import Certificate, SigningImage
from inspections.services import certificates as services
from inspections.signing import images

FACTS = ["subject", "issuer", "serial", "fingerprint", "not_before", "not_after", "demo"]
CERTIFICATE_MAX_BYTES = 1024 * 1024  # a certificate or a .p12 with its chain is a few kilobytes


def _with_upload_limit(urls, limit: int):
    """Let the add and change pages take a file of at most `limit` bytes (config/uploads.py)."""
    for pattern in urls:
        if pattern.name and pattern.name.endswith(("_add", "_change")):
            pattern.callback.upload_limit = lambda: limit
    return urls


class CertificateAddForm(forms.ModelForm):
    upload = forms.FileField(
        label="Tệp chứng thư",
        help_text="Chứng thư (.cer, .crt, .pem, .der), hoặc tệp PKCS#12 (.p12/.pfx) kèm mật khẩu.",
    )
    pkcs12_password = forms.CharField(
        label="Mật khẩu tệp PKCS#12",
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False),
        help_text="Chỉ để đọc chứng thư trong tệp .p12; không được lưu. Bỏ trống với tệp .cer/.pem.",
    )

    class Meta:
        model = Certificate
        fields = ["holder", "user", "organization", "key_store", "token_label", "key_label"]

    def clean(self):
        data = super().clean()
        upload = data.get("upload")
        if upload is None:
            return data
        if upload.size > CERTIFICATE_MAX_BYTES:
            self.add_error("upload", "Tệp quá lớn cho một chứng thư (tối đa 1 MB).")
            return data
        password = data.get("pkcs12_password", "")
        try:
            self.info, pkcs12 = services.read_upload(upload.read(), pkcs12_password=password)
        except ValidationError as error:
            self.add_error("upload", error)
            return data
        holder, key_store = data.get("holder"), data.get("key_store")
        # Only a person's PKCS#12 (development) is kept; the board's key stays in SIGNING_P12.
        self.pkcs12 = (
            pkcs12
            if holder == Certificate.Holder.PERSON and key_store == Certificate.KeyStore.PKCS12
            else b""
        )
        if holder == Certificate.Holder.PERSON and key_store == Certificate.KeyStore.PKCS12 and not pkcs12:
            self.add_error(
                "upload", "Người ký dùng tệp PKCS#12: tải lên tệp .p12/.pfx và nhập mật khẩu của nó."
            )
        if key_store == Certificate.KeyStore.PKCS11 and not data.get("token_label"):
            self.add_error("token_label", "Nhập nhãn của token (PKCS#11).")
        return data


class CertificateChangeForm(forms.ModelForm):
    class Meta:
        model = Certificate
        fields = ["key_store", "token_label", "key_label", "revoked_at", "revocation_note"]


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = [
        "common_name",
        "holder",
        "holder_name",
        "serial",
        "not_after",
        "key_store",
        "revoked_at",
        "demo",
    ]
    list_filter = ["holder", "key_store", "demo"]
    search_fields = ["common_name", "subject", "serial", "fingerprint", "user__full_name"]
    list_select_related = ["user", "organization"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = CertificateChangeForm if obj else CertificateAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return [
                "holder",
                "user",
                "organization",
                "upload",
                "pkcs12_password",
                "key_store",
                "token_label",
                "key_label",
            ]
        return [
            "holder",
            "user",
            "organization",
            *FACTS,
            "key_store",
            "token_label",
            "key_label",
            "revoked_at",
            "revocation_note",
        ]

    def get_readonly_fields(self, request, obj=None):
        return ["holder", "user", "organization", *FACTS] if obj else []

    @admin.display(description="người / cơ quan")
    def holder_name(self, obj):
        return obj.holder_name

    def has_delete_permission(self, request, obj=None):
        return False  # revoke instead: signatures already made name this certificate

    def get_urls(self):
        return _with_upload_limit(super().get_urls(), CERTIFICATE_MAX_BYTES)

    def save_model(self, request, obj, form, change):
        if change:
            services.change_certificate(obj, changes(form), by=request.user)
        else:
            services.register_certificate(obj, form.info, by=request.user, pkcs12=form.pkcs12)


class SigningImageForm(forms.ModelForm):
    upload = forms.FileField(
        label="Ảnh PNG",
        required=False,
        help_text=(
            "PNG nền trong suốt: chữ ký mực xanh, con dấu mực đỏ; mỗi cạnh 100–4000 điểm ảnh, tối đa 1 MB."
        ),
    )

    class Meta:
        model = SigningImage
        fields = ["kind", "user", "organization", "width_mm"]

    def clean(self):
        data = super().clean()
        upload = data.get("upload")
        self.png = None
        if upload is None and self.instance.pk is None:
            self.add_error("upload", "Chọn ảnh PNG.")
        elif upload is not None and upload.size > images.MAX_BYTES:
            self.add_error("upload", f"Ảnh quá lớn; tối đa {images.MAX_BYTES // 1024} KB.")
        elif upload is not None and data.get("kind"):
            self.png = upload.read()
            try:
                images.check_image(self.png, data["kind"])
            except ValueError as error:
                self.add_error("upload", str(error))
        if data.get("width_mm") is not None and data.get("kind"):
            try:
                images.check_width_mm(float(data["width_mm"]), data["kind"])
            except ValueError as error:
                self.add_error("width_mm", str(error))
        return data


@admin.register(SigningImage)
class SigningImageAdmin(admin.ModelAdmin):
    form = SigningImageForm
    list_display = ["__str__", "width_mm", "demo", "updated_at"]
    list_filter = ["kind", "demo"]
    readonly_fields = ["preview", "demo"]
    fields = ["kind", "user", "organization", "upload", "width_mm", "preview", "demo"]

    def get_urls(self):
        return _with_upload_limit(super().get_urls(), 2 * images.MAX_BYTES)  # the form says "quá lớn"

    @admin.display(description="ảnh đang dùng")
    def preview(self, obj):
        if not obj.pk:
            return "—"
        data = base64.b64encode(bytes(obj.png)).decode()
        return format_html(
            '<img src="data:image/png;base64,{}" alt="{}" width="220"> {}×{} điểm ảnh, in {}×{} mm',
            data,
            str(obj),
            obj.width_px,
            obj.height_px,
            obj.width_mm,
            f"{obj.height_mm:.1f}",
        )

    def save_model(self, request, obj, form, change):
        services.save_signing_image(obj, form.png, by=request.user)
