"""The board's outgoing register (sổ đăng ký văn bản đi, Decree 30 Phụ lục IV).

One row per number given: the app's notices when they are issued, and documents issued
outside the app, entered by the clerk so that the year's series stays whole. The unique
constraint on (organisation, year, series, number) is the one guard of "a number is unique
within its series and year" across every kind.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from inspections.models.lifecycle import TransitionError
from inspections.models.notices import Notice
from inspections.text import check_printable, fold
from inspections.vn import register_number

# Six digits: the board gives about 4,000 numbers a year; a typo of 28800 for 2880 still fits,
# 2147483648 (past PostgreSQL's integer) does not.
MAX_NUMBER = 999_999


class DocumentKind(models.TextChoices):
    """Kinds of administrative documents and their abbreviations (Decree 30, Phụ lục III)."""

    PLAN = "plan", "Kế hoạch"
    DECISION = "decision", "Quyết định"
    NOTICE = "notice", "Thông báo"
    MINUTES = "minutes", "Biên bản"
    REPORT = "report", "Báo cáo"
    LETTER = "letter", "Công văn"
    RESOLUTION = "resolution", "Nghị quyết"
    DIRECTIVE = "directive", "Chỉ thị"
    STATUTE = "statute", "Quy chế"
    RULE = "rule", "Quy định"
    GUIDE = "guide", "Hướng dẫn"
    PROGRAMME = "programme", "Chương trình"
    SCHEME = "scheme", "Phương án"
    PROPOSAL = "proposal", "Đề án"
    PROJECT = "project", "Dự án"
    SUBMISSION = "submission", "Tờ trình"
    CONTRACT = "contract", "Hợp đồng"
    INVITATION = "invitation", "Giấy mời"
    INTRODUCTION = "introduction", "Giấy giới thiệu"
    AUTHORIZATION = "authorization", "Giấy ủy quyền"
    MEMORANDUM = "memorandum", "Bản ghi nhớ"
    AGREEMENT = "agreement", "Bản thỏa thuận"
    COPY = "copy", "Bản sao y"


# The abbreviation that starts the symbol ("KH" in 810/KH-BQL). A công văn has none: its
# symbol is the agency and the drafting unit, e.g. 05/BQL-VP.
ABBREVIATIONS = {
    DocumentKind.PLAN: "KH",
    DocumentKind.DECISION: "QĐ",
    DocumentKind.NOTICE: "TB",
    DocumentKind.MINUTES: "BB",
    DocumentKind.REPORT: "BC",
    DocumentKind.LETTER: "",
    DocumentKind.RESOLUTION: "NQ",
    DocumentKind.DIRECTIVE: "CT",
    DocumentKind.STATUTE: "QC",
    DocumentKind.RULE: "QyĐ",
    DocumentKind.GUIDE: "HD",
    DocumentKind.PROGRAMME: "CTr",
    DocumentKind.SCHEME: "PA",
    DocumentKind.PROPOSAL: "ĐA",
    DocumentKind.PROJECT: "DA",
    DocumentKind.SUBMISSION: "TTr",
    DocumentKind.CONTRACT: "HĐ",
    DocumentKind.INVITATION: "GM",
    DocumentKind.INTRODUCTION: "GGT",
    DocumentKind.AUTHORIZATION: "GUQ",
    DocumentKind.MEMORANDUM: "BGN",
    DocumentKind.AGREEMENT: "BTT",
    DocumentKind.COPY: "SY",
}


def kind_label(kind: str) -> str:
    """'Kế hoạch (KH)', 'Công văn'."""
    abbreviation = ABBREVIATIONS.get(kind, "")
    label = DocumentKind(kind).label
    return f"{label} ({abbreviation})" if abbreviation else label


class RegisterEntryFrozen(TransitionError):
    """A write to the register line of an issued notice: it is as frozen as the notice."""


class RegisterEntryQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related("notice", "entered_by")

    def in_series(self, organization, year: int, series: str):
        return self.filter(organization=organization, year=year, series=series)


class RegisterEntry(models.Model):
    """One number of the outgoing register: an issued notice of the app, or a document entered by hand."""

    organization = models.ForeignKey(
        "units.Organization", models.PROTECT, related_name="register_entries", verbose_name="cơ quan ban hành"
    )
    kind = models.CharField("loại văn bản", max_length=20, choices=DocumentKind)
    # "" when the organisation numbers every kind in one series, else the kind: set when the
    # number is given, from Organization.numbering, and kept if the setting changes later.
    series = models.CharField("dãy số", max_length=20, blank=True, editable=False)
    year = models.PositiveSmallIntegerField("năm", editable=False)
    number = models.PositiveIntegerField(
        "số", validators=[MinValueValidator(1), MaxValueValidator(MAX_NUMBER)]
    )
    symbol = models.CharField(
        "ký hiệu", max_length=30, validators=[check_printable], help_text="Phần sau số, ví dụ KH-BQL."
    )
    issued_on = models.DateField("ngày ban hành")
    summary = models.CharField("trích yếu", max_length=500, validators=[check_printable])
    signer_name = models.CharField("người ký", max_length=150, blank=True, validators=[check_printable])
    recipients = models.TextField("nơi nhận", max_length=2000, blank=True, validators=[check_printable])
    notice = models.OneToOneField(
        Notice,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="register_entry",
        verbose_name="thông báo của ứng dụng",
        editable=False,
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name="người vào sổ"
    )
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField("thời điểm vào sổ", auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RegisterEntryQuerySet.as_manager()

    class Meta:
        verbose_name = "dòng sổ văn bản đi"
        verbose_name_plural = "sổ đăng ký văn bản đi"
        ordering = ["-year", "number", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year", "series", "number"],
                name="registerentry_number_unique_per_series_year",
            ),
            models.CheckConstraint(
                condition=models.Q(number__gte=1, number__lte=MAX_NUMBER),
                name="registerentry_number_in_range",
            ),
        ]

    def __str__(self):
        return f"{self.reference} ngày {self.issued_on:%d/%m/%Y}"

    def save(self, *args, **kwargs):
        # Not business logic: the last guard of "issued is immutable" for the notice's line.
        if self.pk and RegisterEntry.objects.filter(pk=self.pk, notice__isnull=False).exists():
            raise RegisterEntryFrozen("Dòng sổ của văn bản đã ban hành trong ứng dụng không thể sửa.")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        if self.notice_id:
            return reverse("inspections:notice-detail", args=[self.notice_id])
        return reverse("inspections:register-entry-detail", args=[self.pk])

    def delete(self, *args, **kwargs):
        raise RegisterEntryFrozen("Không xóa được dòng nào của sổ đăng ký văn bản đi.")

    @property
    def reference(self) -> str:
        """'810/KH-BQL', '07/TB-BQL'."""
        return f"{register_number(self.number)}/{self.symbol}"

    @property
    def is_external(self) -> bool:
        return self.notice_id is None

    @property
    def kind_label(self) -> str:
        return kind_label(self.kind)

    def refresh_search_text(self) -> None:
        self.search_text = fold(" ".join([self.reference, self.summary, self.signer_name, self.recipients]))
