"""Inspection records: cited documents, the year's plan and criteria, rounds, visits, findings."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Coalesce
from django.urls import reverse

from inspections.text import check_printable, fold
from inspections.vn import vn_short_date
from units.models import Unit

# "4647/QĐ-UBND", "146/KH-BQL", "09/2018/QĐ-UBND", "35/2022/NĐ-CP", "2880/TB-BQL", "12/QĐ-BCĐCCHC".
# The seeds also print "146/KH- BQL" (a stray space after the hyphen); the shape allows it and
# the text is kept as typed.
NUMBER_SYMBOL_RE = re.compile(r"^\d{1,6}(/\d{4})?/[A-ZĐ][A-ZĐ0-9&]*(-\s?[A-ZĐ0-9&]+)*$")


def validate_number_symbol(value: str) -> None:
    if not NUMBER_SYMBOL_RE.match(value.strip()):
        raise ValidationError(
            "Số, ký hiệu không đúng dạng. Ví dụ: 4647/QĐ-UBND, 146/KH-BQL, 09/2018/QĐ-UBND.",
            code="number_symbol",
        )


class ReferenceDocument(models.Model):
    """A document cited as a legal basis (văn bản căn cứ), reusable across plans and notices."""

    class Kind(models.TextChoices):
        PLAN = "plan", "Kế hoạch"
        DECISION = "decision", "Quyết định"
        NOTICE = "notice", "Thông báo"
        DECREE = "decree", "Nghị định"
        CIRCULAR = "circular", "Thông tư"
        RESOLUTION = "resolution", "Nghị quyết"
        DIRECTIVE = "directive", "Chỉ thị"
        LETTER = "letter", "Công văn"
        REPORT = "report", "Báo cáo"
        MINUTES = "minutes", "Biên bản"
        LAW = "law", "Luật"

    kind = models.CharField("loại văn bản", max_length=20, choices=Kind)
    number_symbol = models.CharField(
        "số, ký hiệu",
        max_length=60,
        validators=[validate_number_symbol, check_printable],
        help_text="Như in trên văn bản, ví dụ 4647/QĐ-UBND.",
    )
    issued_on = models.DateField("ngày ban hành")
    issuer = models.CharField(
        "cơ quan ban hành",
        max_length=200,
        blank=True,
        validators=[check_printable],
        help_text="Ví dụ “UBND thành phố”. Để trống khi là văn bản của chính Ban.",
    )
    summary = models.CharField(
        "trích yếu",
        max_length=500,
        validators=[check_printable],
        help_text="Phần sau “về việc”, ví dụ “Ban hành Kế hoạch Cải cách hành chính …”.",
    )
    # Set when the document was issued in this app (inspections/paperwork/citations.py): the
    # record is then its citation, written once from the issued document and never typed.
    source_document = models.OneToOneField(
        "inspections.Notice",
        models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="citation_record",
        verbose_name="văn bản ban hành trong ứng dụng",
    )
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "văn bản căn cứ"
        verbose_name_plural = "văn bản căn cứ"
        ordering = ["-issued_on", "number_symbol"]
        constraints = [
            models.UniqueConstraint(
                fields=["number_symbol", "issued_on"], name="referencedocument_unique_number_date"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} số {self.number_symbol} ngày {vn_short_date(self.issued_on)}"

    def save(self, *args, **kwargs):
        # The citation of a document issued in the app (paperwork/citations.py) is written from
        # it once; afterwards it says what that document says, so it is never edited.
        if self.pk and ReferenceDocument.objects.filter(pk=self.pk, source_document__isnull=False).exists():
            raise ValidationError(
                "Văn bản này được ghi từ văn bản ban hành trong ứng dụng nên không sửa được; "
                "muốn đổi nội dung, hãy ban hành văn bản thay thế."
            )
        super().save(*args, **kwargs)

    def citation(self) -> str:
        """Cite the document as the seeds do.

        "Kế hoạch số 4647/QĐ-UBND ngày 30/12/2022 của UBND thành phố về việc Ban hành …";
        the board's own documents carry no "của …".
        """
        text = f"{self.get_kind_display()} số {self.number_symbol} ngày {vn_short_date(self.issued_on)}"
        if self.issuer:
            text += f" của {self.issuer}"
        summary = self.summary.strip()
        if summary:
            text += f" {summary}" if summary.lower().startswith("về ") else f" về việc {summary}"
        return text

    def refresh_search_text(self) -> None:
        self.search_text = fold(f"{self.number_symbol} {self.issuer} {self.summary}")


class InspectionPlan(models.Model):
    """The year's inspection plan (e.g. 810/KH-BQL) with its legal bases and criteria."""

    organization = models.ForeignKey(
        "units.Organization", models.PROTECT, related_name="plans", verbose_name="cơ quan"
    )
    year = models.PositiveSmallIntegerField("năm")
    title = models.CharField("tên kế hoạch", max_length=300, validators=[check_printable])
    document = models.ForeignKey(
        ReferenceDocument,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="văn bản kế hoạch",
    )
    legal_bases = models.ManyToManyField(
        ReferenceDocument,
        through="PlanLegalBasis",
        related_name="plans",
        blank=True,
        verbose_name="căn cứ",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "kế hoạch kiểm tra"
        verbose_name_plural = "kế hoạch kiểm tra"
        ordering = ["-year", "title"]

    def __str__(self):
        return f"{self.title} ({self.year})"

    def get_absolute_url(self):
        return reverse("inspections:plan-detail", args=[self.pk])


class PlanLegalBasis(models.Model):
    plan = models.ForeignKey(InspectionPlan, models.CASCADE, related_name="basis_links")
    document = models.ForeignKey(ReferenceDocument, models.PROTECT, verbose_name="văn bản")
    position = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "căn cứ của kế hoạch"
        verbose_name_plural = "căn cứ của kế hoạch"
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "document"], name="planlegalbasis_unique"),
        ]

    def __str__(self):
        return str(self.document)


class Criterion(models.Model):
    """One area the plan checks (nội dung kiểm tra), in order."""

    class Scope(models.TextChoices):
        BOTH = "both", "Phòng chuyên môn và đơn vị sự nghiệp"
        DEPARTMENT = "department", "Chỉ phòng chuyên môn"
        SERVICE_UNIT = "service_unit", "Chỉ đơn vị sự nghiệp"

    plan = models.ForeignKey(InspectionPlan, models.CASCADE, related_name="criteria", verbose_name="kế hoạch")
    position = models.PositiveSmallIntegerField("thứ tự", default=0)
    name = models.CharField("nội dung kiểm tra", max_length=300, validators=[check_printable])
    applies_to = models.CharField("áp dụng cho", max_length=20, choices=Scope, default=Scope.BOTH)
    compliant_text = models.TextField(
        "câu kết luận khi đạt",
        max_length=1_000,
        blank=True,
        validators=[check_printable],
        help_text="Dùng khi soạn thông báo, sau “Các phòng chuyên môn đã …”, "
        "ví dụ “thực hiện đúng các quy định về chức năng nhiệm vụ …”.",
    )
    compliant_text_service_unit = models.TextField(
        "câu kết luận khi đạt – đơn vị sự nghiệp",
        blank=True,
        validators=[check_printable],
        help_text="Dùng thay câu trên khi đợt kiểm tra chỉ gồm đơn vị sự nghiệp, sau “Các đơn vị đã …”, "
        "ví dụ “… phân công công việc trong tập thể lãnh đạo đơn vị”. Để trống: dùng câu trên.",
    )

    class Meta:
        verbose_name = "nội dung kiểm tra"
        verbose_name_plural = "nội dung kiểm tra"
        ordering = ["plan", "position", "pk"]

    def __str__(self):
        return self.name

    def applies_to_kind(self, kind: str) -> bool:
        return self.applies_to == self.Scope.BOTH or self.applies_to == kind

    def compliant_wording(self, kinds) -> str:
        """The compliant sentence for a round over units of `kinds` (service units have their own)."""
        if set(kinds) == {Unit.Kind.SERVICE_UNIT} and self.compliant_text_service_unit.strip():
            return self.compliant_text_service_unit
        return self.compliant_text


def _count_per_inspection(queryset) -> models.Subquery:
    """COUNT(*) of `queryset`'s rows whose inspection is the outer round, as a subquery."""
    return models.Subquery(
        queryset.filter(inspection_id=models.OuterRef("pk"))
        .order_by()
        .values("inspection_id")
        .annotate(n=models.Count("*"))
        .values("n"),
        output_field=models.IntegerField(),
    )


class InspectionQuerySet(models.QuerySet):
    def for_list(self):
        # Subqueries rather than two joined COUNT(DISTINCT)s: joining units and visits
        # multiplies the rows (units x visits per round) before grouping, and grouping needs
        # every round before a page can be cut; a subquery is evaluated per listed round only.
        return self.select_related("plan", "announcement").annotate(
            unit_count=Coalesce(_count_per_inspection(Inspection.units.through.objects), 0),
            done_count=Coalesce(_count_per_inspection(UnitCheck.objects.filter(status="done")), 0),
        )


class Inspection(models.Model):
    """One inspection round (đợt kiểm tra): which units, when, by whom."""

    plan = models.ForeignKey(
        InspectionPlan, models.PROTECT, related_name="inspections", verbose_name="kế hoạch"
    )
    title = models.CharField("tên đợt kiểm tra", max_length=300, validators=[check_printable])
    announcement = models.ForeignKey(
        ReferenceDocument,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="thông báo lịch kiểm tra",
    )
    units = models.ManyToManyField(Unit, related_name="inspections", verbose_name="đơn vị được kiểm tra")
    starts_on = models.DateField("từ ngày")
    ends_on = models.DateField("đến ngày")
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="inspections", blank=True, verbose_name="đoàn kiểm tra"
    )
    # The team's roles as the decision forming it names them; everyone else is a thành viên.
    team_leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="trưởng đoàn",
    )
    team_secretary = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="thư ký đoàn",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = InspectionQuerySet.as_manager()

    class Meta:
        verbose_name = "đợt kiểm tra"
        verbose_name_plural = "đợt kiểm tra"
        ordering = ["-starts_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="inspection_ends_after_start",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("inspections:inspection-detail", args=[self.pk])

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "Ngày kết thúc không được trước ngày bắt đầu."})
        # Years stay apart (issue 19): a round belongs to its plan's year, else the plan's
        # year figures count another year's round.
        if self.plan_id and self.starts_on and self.ends_on:
            year = self.plan.year
            errors = {
                name: f"Đợt kiểm tra thuộc Kế hoạch năm {year}: ngày phải trong năm {year}."
                for name in ("starts_on", "ends_on")
                if getattr(self, name).year != year
            }
            if errors:
                raise ValidationError(errors)


class UnitCheckQuerySet(models.QuerySet):
    def in_order(self):
        """By date, then the units' own order (departments before service units)."""
        return self.order_by("checked_on", "unit__kind", "unit__order", "pk")


class UnitCheck(models.Model):
    """One visit to one unit within a round (kiểm tra tại đơn vị)."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Chưa kiểm tra"
        DONE = "done", "Đã kiểm tra"

    inspection = models.ForeignKey(
        Inspection, models.PROTECT, related_name="unit_checks", verbose_name="đợt kiểm tra"
    )
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="checks", verbose_name="đơn vị")
    checked_on = models.DateField("ngày kiểm tra")
    # The hours the biên bản states: "bắt đầu vào hồi 8 giờ 00 … kết thúc vào hồi 10 giờ 30".
    starts_at = models.TimeField("giờ bắt đầu", null=True, blank=True)
    ends_at = models.TimeField("giờ kết thúc", null=True, blank=True)
    status = models.CharField("trạng thái", max_length=10, choices=Status, default=Status.PLANNED)
    attendees = models.TextField("thành phần làm việc", max_length=5_000, blank=True)
    minutes_reference = models.CharField("biên bản", max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = UnitCheckQuerySet.as_manager()

    class Meta:
        verbose_name = "kiểm tra tại đơn vị"
        verbose_name_plural = "kiểm tra tại đơn vị"
        # Own columns only: an ordering through `unit` would join it into every query.
        # Pages that show visits in the units' order ask for UnitCheckQuerySet.in_order().
        ordering = ["checked_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "unit"], name="unitcheck_one_per_unit_per_round"),
        ]

    def __str__(self):
        return f"{self.unit} – {vn_short_date(self.checked_on)}"

    def get_absolute_url(self):
        return reverse("inspections:unitcheck-detail", args=[self.pk])

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": "Giờ kết thúc phải sau giờ bắt đầu."})


class FindingQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related("criterion", "unit_check__unit", "unit_check__inspection")

    def in_order(self):
        """As a round reads: visit date, the units' order, then the plan's order of criteria."""
        return self.order_by(
            "unit_check__checked_on",
            "unit_check__unit__kind",
            "unit_check__unit__order",
            "criterion__position",
            "pk",
        )

    def shortcomings(self):
        return self.filter(result=Finding.Result.SHORTCOMING)

    def open_shortcomings(self):
        return self.shortcomings().filter(closed=False)

    def followed(self):
        """The follow-up list's findings: every shortcoming, and those withdrawn (their reports
        and history stay). One table and the partial index finding_followed_due, not an OR
        across a join to the follow-ups that scans every finding."""
        return self.filter(FOLLOWED)


# Findings with a follow-up page: shortcomings, and shortcomings withdrawn since.
FOLLOWED = models.Q(result="shortcoming") | models.Q(withdrawn=True)


class Finding(models.Model):
    """What was seen for one criterion at one visit."""

    class Result(models.TextChoices):
        COMPLIANT = "compliant", "Đạt"
        SHORTCOMING = "shortcoming", "Có tồn tại, hạn chế"
        NOTED = "noted", "Ghi nhận"

    unit_check = models.ForeignKey(
        UnitCheck, models.PROTECT, related_name="findings", verbose_name="kiểm tra tại đơn vị"
    )
    criterion = models.ForeignKey(
        Criterion, models.PROTECT, related_name="findings", verbose_name="nội dung kiểm tra"
    )
    result = models.CharField("kết quả", max_length=12, choices=Result)
    observation = models.TextField("nhận xét", max_length=5_000, validators=[check_printable])
    recommendation = models.TextField("kiến nghị", max_length=5_000, blank=True, validators=[check_printable])
    due_on = models.DateField("hạn khắc phục", null=True, blank=True)
    # Kept in step with FollowUp.status by the follow-up services alone (closing happens only
    # from "Đơn vị đã báo cáo"); no form or admin field writes it.
    closed = models.BooleanField("đã khắc phục", default=False, editable=False)
    # Optimistic lock: an edit made on a stale copy is refused instead of overwriting.
    version = models.PositiveIntegerField(default=1, editable=False)
    # A shortcoming withdrawn on its follow-up page (now Đạt or Ghi nhận): set by
    # withdraw_followup alone, so the follow-up list is one indexed condition (FOLLOWED).
    withdrawn = models.BooleanField("đã rút lại tồn tại", default=False, editable=False)
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = FindingQuerySet.as_manager()

    class Meta:
        verbose_name = "kết quả kiểm tra"
        verbose_name_plural = "kết quả kiểm tra"
        # Own columns only (an ordering through unit_check and criterion joined two or three
        # tables into every query); FindingQuerySet.in_order() gives the reading order.
        ordering = ["unit_check_id", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit_check", "criterion"], name="finding_one_per_criterion_per_visit"
            ),
            models.CheckConstraint(
                condition=models.Q(result="shortcoming") | models.Q(due_on__isnull=True, closed=False),
                name="finding_followup_only_for_shortcomings",
            ),
            models.CheckConstraint(
                condition=~models.Q(result="shortcoming", withdrawn=True),
                name="finding_withdrawn_is_no_shortcoming",
            ),
        ]
        indexes = [
            # The open shortcomings by due date: the start page's overdue list and count, the
            # follow-up list, the "due soon" notifications (a small part of all findings).
            models.Index(
                fields=["due_on"],
                condition=models.Q(result="shortcoming", closed=False),
                name="finding_open_shortcoming_due",
            ),
            # The follow-up list (API) in its order: shortcomings and withdrawn ones by due date.
            models.Index(fields=["due_on", "id"], condition=FOLLOWED, name="finding_followed_due"),
        ]

    def __str__(self):
        return f"{self.criterion} – {self.get_result_display()}"

    def refresh_search_text(self) -> None:
        self.search_text = fold(f"{self.observation} {self.recommendation}")


def evidence_path(instance, filename: str) -> str:
    # The stored name never comes from the client: only the checked extension survives.
    return f"evidence/{instance.finding_id}/{instance.token}.{instance.extension}"


class Evidence(models.Model):
    """A file attached to a finding; served only to people allowed to read findings."""

    finding = models.ForeignKey(Finding, models.PROTECT, related_name="evidence", verbose_name="kết quả")
    file = models.FileField("tệp", upload_to=evidence_path)
    token = models.CharField(max_length=32, editable=False)
    extension = models.CharField(max_length=8, editable=False)
    original_name = models.CharField("tên tệp", max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField("dung lượng")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "tài liệu minh chứng"
        verbose_name_plural = "tài liệu minh chứng"
        ordering = ["uploaded_at"]

    def __str__(self):
        return self.original_name
