"""Who signs with what: certificates of people and of the board, and their signature images.

An admin registers each leader's certificate (and where its key lives) and signature image,
and the board's certificate and seal image. Renewing a certificate means registering the new
one: the old record stays, because signatures already made name it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class CertificateQuerySet(models.QuerySet):
    def of_person(self, user):
        return self.filter(holder=Certificate.Holder.PERSON, user=user)

    def of_agency(self, organization):
        return self.filter(holder=Certificate.Holder.AGENCY, organization=organization)

    def usable(self, at=None):
        """Valid at `at` (now by default) and not revoked by then; the newest first."""
        at = at or timezone.now()
        return (
            self.filter(not_before__lte=at, not_after__gte=at)
            .filter(Q(revoked_at__isnull=True) | Q(revoked_at__gt=at))
            .order_by("-not_before", "-pk")
        )


class Certificate(models.Model):
    class Holder(models.TextChoices):
        PERSON = "person", "Cá nhân (người có thẩm quyền ký)"
        AGENCY = "agency", "Cơ quan (chữ ký số kèm con dấu)"

    class KeyStore(models.TextChoices):
        PKCS11 = "pkcs11", "Token / HSM (PKCS#11): nhập mã PIN khi ký"
        PKCS12 = "pkcs12", "Tệp PKCS#12 (.p12/.pfx): nhập mật khẩu khi ký"
        ELSEWHERE = "elsewhere", "Ký trên máy của người ký rồi tải tệp đã ký lên"

    holder = models.CharField("chủ thể", max_length=10, choices=Holder)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="certificates",
        verbose_name="người ký",
    )
    organization = models.ForeignKey(
        "units.Organization",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="certificates",
        verbose_name="cơ quan",
    )
    der = models.BinaryField("chứng thư (DER)", editable=False)
    subject = models.CharField("chủ thể chứng thư", max_length=500, editable=False)
    common_name = models.CharField("tên trên chứng thư", max_length=200, editable=False)
    issuer = models.CharField("tổ chức cấp", max_length=500, editable=False)
    serial = models.CharField("số sê-ri", max_length=80, editable=False)
    fingerprint = models.CharField("dấu vân tay SHA-256", max_length=64, unique=True, editable=False)
    not_before = models.DateTimeField("hiệu lực từ", editable=False)
    not_after = models.DateTimeField("hiệu lực đến", editable=False)
    key_store = models.CharField("khóa bí mật lưu ở", max_length=10, choices=KeyStore)
    token_label = models.CharField(
        "nhãn token", max_length=100, blank=True, help_text="PKCS#11: nhãn (label) của token hoặc HSM."
    )
    key_label = models.CharField(
        "nhãn khóa", max_length=100, blank=True, help_text="PKCS#11: nhãn của khóa bí mật trên token."
    )
    # A person's PKCS#12 file (development and the demo): the password is typed at signing,
    # never stored. The board's PKCS#12 comes from the environment (SIGNING_P12) instead.
    pkcs12 = models.BinaryField("tệp PKCS#12", blank=True, default=b"", editable=False)
    revoked_at = models.DateTimeField("thu hồi lúc", null=True, blank=True)
    revocation_note = models.CharField("lý do thu hồi", max_length=300, blank=True)
    demo = models.BooleanField("chứng thư demo (tự ký)", default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = "chứng thư số"
        verbose_name_plural = "chứng thư số"
        ordering = ["holder", "common_name", "-not_before"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(holder="person") | Q(user__isnull=False, organization__isnull=True),
                name="certificate_person_has_user",
            ),
            models.CheckConstraint(
                condition=~Q(holder="agency") | Q(organization__isnull=False, user__isnull=True),
                name="certificate_agency_has_organization",
            ),
            models.CheckConstraint(
                condition=~Q(holder="agency", key_store="elsewhere"),
                name="certificate_agency_signs_here",
            ),
        ]

    def __str__(self):
        return f"{self.common_name} (sê-ri {self.serial}, đến {timezone.localtime(self.not_after):%d/%m/%Y})"

    @property
    def holder_name(self) -> str:
        if self.user_id:
            return self.user.display_name
        return self.organization.name if self.organization_id else self.common_name

    def is_revoked(self, at=None) -> bool:
        return self.revoked_at is not None and self.revoked_at <= (at or timezone.now())

    def was_valid_at(self, moment) -> bool:
        """Within its validity period and not yet revoked at `moment`."""
        return self.not_before <= moment <= self.not_after and not self.is_revoked(moment)


class SigningImage(models.Model):
    class Kind(models.TextChoices):
        SIGNATURE = "signature", "Chữ ký (mực xanh)"
        SEAL = "seal", "Con dấu (mực đỏ)"

    kind = models.CharField("loại", max_length=10, choices=Kind)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="signature_image",
        verbose_name="người ký",
    )
    organization = models.OneToOneField(
        "units.Organization",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="seal_image",
        verbose_name="cơ quan",
    )
    png = models.BinaryField("ảnh PNG", editable=False)
    width_px = models.PositiveIntegerField(editable=False)
    height_px = models.PositiveIntegerField(editable=False)
    width_mm = models.DecimalField(
        "chiều rộng khi in (mm)",
        max_digits=4,
        decimal_places=1,
        help_text="Con dấu: đường kính thật của con dấu. Chữ ký: khoảng 35–50 mm.",
    )
    demo = models.BooleanField("ảnh demo", default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "ảnh chữ ký / con dấu"
        verbose_name_plural = "ảnh chữ ký / con dấu"
        ordering = ["kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="signature", user__isnull=False, organization__isnull=True)
                | Q(kind="seal", organization__isnull=False, user__isnull=True),
                name="signingimage_signature_of_person_seal_of_agency",
            ),
        ]

    def __str__(self):
        owner = self.user.display_name if self.user_id else str(self.organization)
        return f"{self.get_kind_display()}: {owner}"

    @property
    def height_mm(self) -> float:
        return float(self.width_mm) * self.height_px / self.width_px


class NoticeSigning(models.Model):
    """The files of a notice's signatures before it is issued.

    `to_sign_pdf` is the final PDF handed to the signer (all but number and date) and
    `source` a digest of the content it was rendered from; `approved_pdf` is that PDF signed
    by the leader, with the certificate used. At issue the number, date and the board's seal
    go on top of `approved_pdf`, and the result is the notice's own `pdf`.
    """

    notice = models.OneToOneField(
        "inspections.Notice", models.CASCADE, related_name="signing", verbose_name="thông báo"
    )
    to_sign_pdf = models.FileField("bản PDF trình ký", upload_to="signing/", blank=True)
    to_sign_sha256 = models.CharField(max_length=64, blank=True)
    source = models.CharField("mã nội dung đã dựng", max_length=64, blank=True)
    approved_pdf = models.FileField("bản PDF Lãnh đạo đã ký", upload_to="signing/", blank=True)
    approved_sha256 = models.CharField(max_length=64, blank=True)
    certificate = models.ForeignKey(
        Certificate,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="approvals",
        verbose_name="chứng thư số của người duyệt",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "hồ sơ ký số của thông báo"
        verbose_name_plural = "hồ sơ ký số của thông báo"

    def __str__(self):
        return f"Ký số: {self.notice}"
