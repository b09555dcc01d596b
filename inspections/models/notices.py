"""The notice of results (Thông báo kết quả kiểm tra) and its ordered parts."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse

from inspections.models.lifecycle import LifecycleMixin, Transition, TransitionError
from inspections.models.records import Inspection, InspectionPlan, ReferenceDocument, UnitCheck
from inspections.text import check_printable, fold
from inspections.vn import register_number


class NoticeFrozen(TransitionError):
    """A write to an issued notice or one of its parts: issued notices never change."""


class NoticeQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related(
            "plan", "inspection", "unit_check__unit", "organization", "created_by", "signer"
        )

    def issued(self):
        return self.filter(status=Notice.Status.ISSUED)

    def update(self, **kwargs):
        # Bulk updates skip save(); refuse them on issued rows as well.
        if self.filter(status=Notice.Status.ISSUED).exists():
            raise NoticeFrozen("Thông báo đã ban hành không thể sửa đổi.")
        return super().update(**kwargs)


class Notice(LifecycleMixin, models.Model):
    """An outgoing document of the board (văn bản đi) with one life for every kind (issue 13).

    The class keeps the name of its first kind, the notice of results; `kind` says which
    document of a round it is. What each kind has of its own (type name, symbol, body
    structure, signatories, composer) is in inspections/paperwork/kinds.py.
    """

    class Kind(models.TextChoices):
        PLAN = "plan", "Kế hoạch kiểm tra"
        DECISION = "decision", "Quyết định thành lập Đoàn kiểm tra"
        SCHEDULE = "schedule", "Thông báo lịch kiểm tra"
        MINUTES = "minutes", "Biên bản kiểm tra"
        RESULTS = "results", "Thông báo kết quả kiểm tra"
        REPORT = "report", "Báo cáo kết quả kiểm tra"

    class Status(models.TextChoices):
        DRAFT = "draft", "Dự thảo"
        IN_REVIEW = "in_review", "Chờ duyệt"
        APPROVED = "approved", "Đã duyệt"
        ISSUED = "issued", "Đã ban hành"

    class Authority(models.TextChoices):
        NONE = "", "(ký trực tiếp)"
        KT = "KT.", "KT. – ký thay người đứng đầu"
        TM = "TM.", "TM. – thay mặt tập thể"
        Q = "Q.", "Q. – quyền"
        TL = "TL.", "TL. – thừa lệnh"
        TUQ = "TUQ.", "TUQ. – thừa ủy quyền"

    # Every action on a notice (DESIGN.md §3) in one table: action -> (from, to, who may).
    # The rules that need more than the status are in inspections/services/lifecycle.py.
    TRANSITIONS = {
        "edit": Transition((Status.DRAFT,), None, "inspections.change_notice"),
        "submit": Transition((Status.DRAFT,), Status.IN_REVIEW, "inspections.submit_notice"),
        "return": Transition((Status.IN_REVIEW,), Status.DRAFT, "inspections.approve_notice"),
        "approve": Transition((Status.IN_REVIEW,), Status.APPROVED, "inspections.approve_notice"),
        "issue": Transition((Status.APPROVED,), Status.ISSUED, "inspections.issue_notice"),
        # A notice issued on paper before the app, recorded from its file: never reviewed here.
        "import": Transition((Status.DRAFT,), Status.ISSUED, "inspections.issue_notice"),
        # A new draft that replaces an issued notice; the issued one itself never changes.
        "replace": Transition((Status.ISSUED,), None, "inspections.add_notice"),
        # The app's unsigned copy of a notice imported from paper: the one write an issued row takes.
        "paper_copy": Transition((Status.ISSUED,), None, "inspections.issue_notice"),
        "delete": Transition(
            (Status.DRAFT, Status.IN_REVIEW, Status.APPROVED), None, "inspections.delete_notice"
        ),
    }
    noun = "thông báo"
    STATE_MESSAGES = {
        "edit": "Chỉ sửa được thông báo ở trạng thái dự thảo.",
        "issue": "Chỉ ban hành được thông báo đã duyệt; thông báo này đang “{status}”.",
        "replace": "Chỉ thay thế được thông báo đã ban hành.",
    }
    # With the length of each part, these bound what one notice costs to render.
    MAX_ITEMS, MAX_RECIPIENTS, MAX_BASES = 50, 30, 30

    kind = models.CharField("loại văn bản", max_length=10, choices=Kind, default=Kind.RESULTS)
    # Every document belongs to a year's plan; a round's documents also to the round, a
    # biên bản to its visit.
    plan = models.ForeignKey(
        InspectionPlan, models.PROTECT, blank=True, related_name="documents", verbose_name="kế hoạch kiểm tra"
    )
    inspection = models.ForeignKey(
        Inspection, models.PROTECT, null=True, blank=True, related_name="notices", verbose_name="đợt kiểm tra"
    )
    unit_check = models.ForeignKey(
        UnitCheck,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="minutes_documents",
        verbose_name="kiểm tra tại đơn vị",
    )
    organization = models.ForeignKey(
        "units.Organization", models.PROTECT, related_name="notices", verbose_name="cơ quan ban hành"
    )
    status = models.CharField("trạng thái", max_length=10, choices=Status, default=Status.DRAFT)
    symbol = models.CharField("ký hiệu", max_length=30, default="TB-BQL", validators=[check_printable])
    # The bound of the register (models/register.py MAX_NUMBER), which the register row enforces.
    number = models.PositiveIntegerField("số", null=True, blank=True, validators=[MaxValueValidator(999_999)])
    # Copied from issued_on when issuing, so the database can enforce "unique per year".
    year = models.PositiveSmallIntegerField("năm", null=True, blank=True, editable=False)
    issued_on = models.DateField("ngày ban hành", null=True, blank=True)
    # Every text that is printed refuses characters the print fonts lack (inspections/fonts.py).
    place = models.CharField("địa danh", max_length=100, validators=[check_printable])
    title = models.CharField("trích yếu", max_length=500, validators=[check_printable])
    # Lengths bound what one notice costs to render (bench/limits_bench.py); the seeds' longest
    # part is under 2,000 characters.
    opening = models.TextField("phần mở đầu", max_length=10_000, blank=True, validators=[check_printable])
    closing = models.TextField(
        "phần kết luận, yêu cầu", max_length=10_000, blank=True, validators=[check_printable]
    )
    legal_bases = models.ManyToManyField(
        ReferenceDocument, through="NoticeLegalBasis", related_name="notices", blank=True
    )
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="signed_notices",
        verbose_name="người ký",
    )
    authority = models.CharField(
        "thẩm quyền ký", max_length=5, choices=Authority, default=Authority.KT, blank=True
    )
    # Snapshots taken from the signer and the organisation (never typed), frozen at issue.
    authority_title = models.CharField("chức vụ được ký thay", max_length=150, blank=True, editable=False)
    signer_title = models.CharField("chức vụ người ký", max_length=150, blank=True, editable=False)
    signer_name = models.CharField("họ tên người ký", max_length=150, blank=True, editable=False)
    # A biên bản's second signatory: the head of the inspected unit, who signs on paper.
    counterpart_title = models.CharField(
        "chức vụ người ký của đơn vị được kiểm tra", max_length=150, blank=True, validators=[check_printable]
    )
    counterpart_name = models.CharField(
        "họ tên người ký của đơn vị được kiểm tra", max_length=150, blank=True, validators=[check_printable]
    )
    replaces = models.OneToOneField(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name="thay thế thông báo",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField("ngày duyệt", null=True, blank=True)
    pdf = models.FileField(upload_to="notices/", blank=True, editable=False)
    pdf_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    verification_code = models.CharField(max_length=16, null=True, blank=True, unique=True, editable=False)
    search_text = models.TextField(editable=False, default="")
    imported = models.BooleanField("nhập từ văn bản cũ", default=False, editable=False)
    source_file = models.FileField(upload_to="imports/", blank=True, editable=False)
    # What it showed at issue without owning it (issuing body, cited documents, signing block,
    # recipients), set by the issuing or importing service (inspections/snapshot.py).
    issued_snapshot = models.JSONField("nội dung cố định khi ban hành", null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = "văn bản"
        verbose_name_plural = "văn bản của đợt kiểm tra"
        ordering = ["-created_at"]
        permissions = [
            ("submit_notice", "Trình dự thảo thông báo"),
            ("approve_notice", "Duyệt hoặc trả lại thông báo"),
            ("issue_notice", "Cấp số và ban hành thông báo"),
        ]
        constraints = [
            # NULLs never collide, so drafts (no number yet) are not affected.
            models.UniqueConstraint(
                fields=["organization", "year", "symbol", "number"],
                name="notice_number_unique_per_org_year_symbol",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="issued")
                | models.Q(number__isnull=False, issued_on__isnull=False, year__isnull=False),
                name="notice_issued_has_number_and_date",
            ),
            models.CheckConstraint(
                condition=models.Q(number__isnull=True) | models.Q(number__gt=0),
                name="notice_number_positive",
            ),
            # A round's documents name their round, a biên bản its visit.
            models.CheckConstraint(
                condition=~models.Q(kind__in=["schedule", "results", "minutes"])
                | models.Q(inspection__isnull=False),
                name="notice_round_documents_have_round",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="minutes") | models.Q(unit_check__isnull=False),
                name="notice_minutes_have_visit",
            ),
        ]

    def __str__(self):
        return self.reference if self.number else f"Dự thảo: {self.title[:60]}"

    # The one write an issued row takes (mirrored by the database triggers, dbguards.py): a
    # notice imported from paper without a file gets the app's unsigned copy, once.
    PAPER_COPY_FIELDS = frozenset({"pdf", "pdf_sha256", "verification_code", "updated_at"})

    def save(self, *args, **kwargs):
        self.fill_plan()
        # Not business logic: the last guard of the law's "issued is immutable".
        if self.pk:
            stored = Notice.objects.filter(pk=self.pk, status=self.Status.ISSUED).values("imported", "pdf")
            stored = stored.first()
            update_fields = kwargs.get("update_fields")
            paper_copy = (
                stored is not None
                and stored["imported"]
                and not stored["pdf"]
                and update_fields is not None
                and set(update_fields) <= self.PAPER_COPY_FIELDS
            )
            if stored is not None and not paper_copy:
                raise NoticeFrozen("Thông báo đã ban hành không thể sửa đổi.")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("inspections:notice-detail", args=[self.pk])

    def delete(self, *args, **kwargs):
        if self.pk and Notice.objects.filter(pk=self.pk, status=self.Status.ISSUED).exists():
            raise NoticeFrozen("Thông báo đã ban hành không thể xóa.")
        return super().delete(*args, **kwargs)

    def clean(self):
        super().clean()
        self.fill_plan()

    def fill_plan(self) -> None:
        """A round's document belongs to its round's plan (never typed apart from it)."""
        if self.plan_id is None and self.inspection_id is not None:
            self.plan_id = Inspection.objects.values_list("plan_id", flat=True).get(pk=self.inspection_id)

    @property
    def belongs_to(self) -> str:
        """The round a document belongs to, or its plan's title (a plan, decision or report)."""
        return self.inspection.title if self.inspection_id else self.plan.title

    @property
    def kind_name(self) -> str:
        """'Thông báo', 'Kế hoạch', 'Quyết định', 'Biên bản', 'Báo cáo': how pages name it."""
        return self.spec.type_name.capitalize()

    @property
    def spec(self):
        """What this kind of document has of its own (inspections/paperwork/kinds.py)."""
        from inspections.paperwork.kinds import spec_of

        return spec_of(self.kind)

    @property
    def reference(self) -> str:
        """'2880/TB-BQL', '07/TB-BQL' (Decree 30 pads numbers below 10), or '…/TB-BQL' without a number."""
        return f"{register_number(self.number)}/{self.symbol}" if self.number else f"…/{self.symbol}"

    @property
    def file_stem(self) -> str:
        """'2880-TB-BQL-2023', the name of its files; 'du-thao-thong-bao-17' while it has no number."""
        if self.number:
            return f"{register_number(self.number)}-{self.symbol}-{self.year}"
        return f"du-thao-{self.spec.slug}-{self.pk}"

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_issued(self) -> bool:
        return self.status == self.Status.ISSUED

    def refresh_search_text(self, items: list[str] = ()) -> None:
        """Fill the accent-folded search column from the title, text and `items` (callers pass them)."""
        self.search_text = fold(" ".join([self.reference, self.title, self.opening, *items, self.closing]))

    def state_error(self, action: str) -> TransitionError:
        if self.is_issued and action in {"edit", "delete"}:
            verb = "xóa" if action == "delete" else "sửa đổi"
            return NoticeFrozen(f"Thông báo đã ban hành không thể {verb}.")
        return super().state_error(action)


class NoticePart(models.Model):
    """An ordered part of a notice; refuses writes once the notice is issued."""

    position = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        abstract = True
        ordering = ["position", "pk"]

    def save(self, *args, **kwargs):
        self._guard()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._guard()
        return super().delete(*args, **kwargs)

    def _guard(self) -> None:
        if Notice.objects.filter(pk=self.notice_id, status=Notice.Status.ISSUED).exists():
            raise NoticeFrozen("Thông báo đã ban hành không thể sửa đổi.")


class NoticeItem(NoticePart):
    notice = models.ForeignKey(Notice, models.CASCADE, related_name="items")
    text = models.TextField("nội dung", max_length=5_000, validators=[check_printable])

    class Meta(NoticePart.Meta):
        verbose_name = "mục kết quả"
        verbose_name_plural = "các mục kết quả"

    def __str__(self):
        return f"{self.position}. {self.text[:60]}"


class NoticeRecipient(NoticePart):
    notice = models.ForeignKey(Notice, models.CASCADE, related_name="recipients")
    text = models.CharField("nơi nhận", max_length=300, validators=[check_printable])

    class Meta(NoticePart.Meta):
        verbose_name = "nơi nhận"
        verbose_name_plural = "nơi nhận"

    def __str__(self):
        return self.text


class NoticeLegalBasis(NoticePart):
    notice = models.ForeignKey(Notice, models.CASCADE, related_name="basis_links")
    document = models.ForeignKey(ReferenceDocument, models.PROTECT, verbose_name="văn bản")

    class Meta(NoticePart.Meta):
        verbose_name = "căn cứ"
        verbose_name_plural = "căn cứ"
        constraints = [
            models.UniqueConstraint(fields=["notice", "document"], name="noticelegalbasis_unique"),
        ]

    def __str__(self):
        return str(self.document)
