"""What each record looks like through the API. Field names are the models' (English, as in
the code); every field carries its Vietnamese description, from the model's verbose name and
help text or written here, and the schema shows it."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from inspections import snapshot
from inspections.audit import action_label
from inspections.composer import notice_signing
from inspections.models import (
    AuditEvent,
    Criterion,
    Evidence,
    Finding,
    FollowUp,
    FollowUpReport,
    Inspection,
    InspectionPlan,
    Notice,
    ReferenceDocument,
    RegisterEntry,
    UnitCheck,
)
from inspections.text import nfc
from units.models import Unit

# Columns whose models have no Vietnamese verbose name (technical columns).
DESCRIPTIONS = {
    "id": "Mã số.",
    "content_type": "Kiểu nội dung của tệp (MIME).",
    "uploaded_at": "Thời điểm tải lên.",
    "updated_at": "Thời điểm sửa gần nhất.",
    "pdf_sha256": "Mã SHA-256 của bản PDF lưu trữ, như trên trang xác minh.",
    "verification_code": "Mã xác minh (trang công khai /verify/<mã>/).",
}


class Described(serializers.ModelSerializer):
    """A model serializer whose every field has a Vietnamese description: written here for
    technical columns, else the model's help text, else its verbose name."""

    def get_fields(self):
        fields = super().get_fields()
        for name, field in fields.items():
            if not field.help_text:
                field.help_text = DESCRIPTIONS.get(name) or field.label
        return fields


def label_of(choices_field: str, text: str):
    """A read-only `<field>_label`: the Vietnamese label of a choice (get_<field>_display)."""
    return serializers.CharField(source=f"get_{choices_field}_display", read_only=True, help_text=text)


class UserBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True, help_text="Mã số người dùng.")
    name = serializers.CharField(source="display_name", read_only=True, help_text="Họ và tên.")
    title = serializers.CharField(read_only=True, help_text="Chức vụ.")


class UnitSerializer(Described):
    kind_label = label_of("kind", "Tên loại đơn vị.")

    class Meta:
        model = Unit
        fields = ["id", "name", "short_name", "kind", "kind_label", "order", "active"]


class ReferenceDocumentSerializer(Described):
    kind_label = label_of("kind", "Tên loại văn bản.")
    citation = serializers.CharField(read_only=True, help_text="Trích dẫn đầy đủ như trong văn bản.")

    class Meta:
        model = ReferenceDocument
        fields = ["id", "kind", "kind_label", "number_symbol", "issued_on", "issuer", "summary", "citation"]


class CriterionSerializer(Described):
    applies_to_label = label_of("applies_to", "Áp dụng cho (tên).")

    class Meta:
        model = Criterion
        fields = ["id", "position", "name", "applies_to", "applies_to_label", "compliant_text"]


class PlanSerializer(Described):
    document = ReferenceDocumentSerializer(read_only=True, help_text="Văn bản kế hoạch.")
    legal_bases = serializers.SerializerMethodField(help_text="Các văn bản căn cứ, theo thứ tự.")
    criteria = CriterionSerializer(many=True, read_only=True, help_text="Các nội dung kiểm tra, theo thứ tự.")

    class Meta:
        model = InspectionPlan
        fields = ["id", "year", "title", "document", "legal_bases", "criteria"]

    def get_legal_bases(self, plan) -> list[dict]:
        return ReferenceDocumentSerializer([link.document for link in plan.basis_links.all()], many=True).data


class PlanBriefSerializer(Described):
    class Meta:
        model = InspectionPlan
        fields = ["id", "year", "title"]


class InspectionSerializer(Described):
    plan = PlanBriefSerializer(read_only=True, help_text="Kế hoạch kiểm tra.")
    announcement = ReferenceDocumentSerializer(read_only=True, help_text="Thông báo lịch kiểm tra.")
    unit_ids = serializers.PrimaryKeyRelatedField(
        source="units", many=True, read_only=True, help_text="Mã số các phòng, đơn vị được kiểm tra."
    )
    team = UserBriefSerializer(many=True, read_only=True, help_text="Thành viên đoàn kiểm tra.")

    class Meta:
        model = Inspection
        fields = ["id", "title", "plan", "announcement", "starts_on", "ends_on", "unit_ids", "team"]


class UnitCheckSerializer(Described):
    unit = UnitSerializer(read_only=True, help_text="Phòng, đơn vị được kiểm tra.")
    status_label = label_of("status", "Tên trạng thái.")

    class Meta:
        model = UnitCheck
        fields = [
            "id",
            "inspection",
            "unit",
            "checked_on",
            "status",
            "status_label",
            "attendees",
            "minutes_reference",
        ]


class EvidenceSerializer(Described):
    download = serializers.SerializerMethodField(help_text="Địa chỉ tải tệp (API).")

    class Meta:
        model = Evidence
        fields = ["id", "original_name", "content_type", "size", "uploaded_at", "download"]

    def get_download(self, evidence) -> str:
        return reverse("api:evidence-file", args=[evidence.pk])


class FindingSerializer(Described):
    result_label = label_of("result", "Tên kết quả.")
    inspection = serializers.IntegerField(
        source="unit_check.inspection_id", read_only=True, help_text="Mã số đợt kiểm tra."
    )
    unit = serializers.IntegerField(
        source="unit_check.unit_id", read_only=True, help_text="Mã số phòng, đơn vị."
    )
    followup_status = serializers.SerializerMethodField(
        help_text="Trạng thái khắc phục (chỉ với kết quả có tồn tại, hạn chế): open, reported, closed, "
        "reopened, withdrawn."
    )
    version = serializers.IntegerField(
        read_only=True, help_text="Phiên bản; gửi lại trong tiêu đề If-Match khi sửa (cũng là ETag)."
    )
    evidence = EvidenceSerializer(many=True, read_only=True, help_text="Tài liệu minh chứng.")

    class Meta:
        model = Finding
        fields = [
            "id",
            "inspection",
            "unit_check",
            "unit",
            "criterion",
            "result",
            "result_label",
            "observation",
            "recommendation",
            "due_on",
            "closed",
            "followup_status",
            "version",
            "evidence",
            "updated_at",
        ]

    def get_followup_status(self, finding) -> str | None:
        followup = getattr(finding, "followup", None)
        if followup is not None:
            return followup.status
        return FollowUp.Status.OPEN if finding.result == Finding.Result.SHORTCOMING else None


class Text(serializers.CharField):
    """Text, and only text: a number or a list where words are expected is refused, not converted."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            raise serializers.ValidationError(
                serializers.ErrorDetail("Cần một chuỗi văn bản (trong dấu ngoặc kép).", code="ours")
            )
        return super().to_internal_value(data)


class FindingWriteSerializer(serializers.Serializer):
    """The finding form's fields; the form (FindingForm) then applies the page's rules."""

    unit_check = serializers.IntegerField(
        required=False, help_text="Mã số buổi kiểm tra tại đơn vị (chỉ khi tạo mới)."
    )
    criterion = serializers.IntegerField(
        required=False, help_text="Mã số nội dung kiểm tra (chỉ khi tạo mới)."
    )
    result = serializers.ChoiceField(
        choices=Finding.Result.choices, required=False, help_text="Kết quả: compliant, shortcoming, noted."
    )
    observation = Text(required=False, allow_blank=True, help_text="Nhận xét.")
    recommendation = Text(required=False, allow_blank=True, help_text="Kiến nghị.")
    due_on = serializers.DateField(
        required=False, allow_null=True, help_text="Hạn khắc phục (YYYY-MM-DD), chỉ với có tồn tại, hạn chế."
    )
    version = serializers.IntegerField(
        required=False, help_text="Phiên bản đã đọc, khi sửa (thay cho tiêu đề If-Match)."
    )


class UploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="Tệp PDF, JPEG, PNG, DOCX hoặc XLSX (multipart/form-data).")


class SignedFileSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="Tệp PDF đã ký (đúng bản trình ký đã tải về; tối đa 30 MB).")
    comment = Text(required=False, allow_blank=True, help_text="Ý kiến (không bắt buộc).")


class FollowUpReportSerializer(Described):
    reported_by = UserBriefSerializer(read_only=True, help_text="Người báo cáo.")
    has_file = serializers.SerializerMethodField(help_text="Báo cáo có kèm tệp minh chứng.")

    class Meta:
        model = FollowUpReport
        fields = ["id", "text", "reported_by", "reported_at", "original_name", "has_file"]

    def get_has_file(self, report) -> bool:
        return bool(report.file)


class FollowUpSerializer(Described):
    """A shortcoming and where its remedy stands (the follow-up page)."""

    status = serializers.CharField(read_only=True, help_text="Trạng thái khắc phục.")
    status_label = serializers.SerializerMethodField(help_text="Tên trạng thái khắc phục.")
    unit = UnitSerializer(source="unit_check.unit", read_only=True, help_text="Phòng, đơn vị.")
    inspection = serializers.IntegerField(
        source="unit_check.inspection_id", read_only=True, help_text="Mã số đợt kiểm tra."
    )
    criterion_name = serializers.CharField(
        source="criterion.name", read_only=True, help_text="Nội dung kiểm tra."
    )
    overdue = serializers.SerializerMethodField(help_text="Đã quá hạn khắc phục mà chưa xong.")

    class Meta:
        model = Finding
        fields = [
            "id",
            "inspection",
            "unit",
            "criterion",
            "criterion_name",
            "observation",
            "recommendation",
            "due_on",
            "status",
            "status_label",
            "overdue",
        ]

    def get_status_label(self, finding) -> str:
        return FollowUp.Status(finding.status).label

    def get_overdue(self, finding) -> bool:
        today = self.context["today"]
        return bool(finding.due_on and finding.due_on < today and finding.status != FollowUp.Status.CLOSED)


class FollowUpDetailSerializer(FollowUpSerializer):
    reports = serializers.SerializerMethodField(help_text="Các báo cáo khắc phục của đơn vị.")

    class Meta(FollowUpSerializer.Meta):
        fields = [*FollowUpSerializer.Meta.fields, "reports"]

    def get_reports(self, finding) -> list[dict]:
        followup = getattr(finding, "followup", None)
        if followup is None:
            return []
        reports = followup.reports.select_related("reported_by")
        return FollowUpReportSerializer(reports, many=True).data


class FollowUpReportWriteSerializer(serializers.Serializer):
    text = Text(help_text="Kết quả khắc phục: đơn vị đã làm gì, khi nào, văn bản nào.")
    file = serializers.FileField(required=False, help_text="Tài liệu minh chứng (không bắt buộc).")


# An issued notice shows forever what it showed at issue (inspections/snapshot.py): its signer,
# issuing body, legal bases and recipients come from the snapshot taken at issue; a draft's
# from the records as they are now.

KIND_BY_LABEL = {str(label): value for value, label in ReferenceDocument.Kind.choices}


def signer_of(notice) -> dict | None:
    """The signer as signed at issue (name and title as printed), or the chosen account."""
    signing = snapshot.signing_of(notice)
    if signing is None:
        return UserBriefSerializer(notice.signer).data if notice.signer_id else None
    return {"id": notice.signer_id, "name": signing["signer_name"], "title": signing["signer_title"]}


def legal_bases_of(notice) -> list[dict]:
    """The cited documents in order: as they stood at issue, or the live records."""
    links = list(notice.basis_links.all())  # prefetched with their documents, in order
    frozen = notice.issued_snapshot
    if not frozen:
        return [
            {"position": link.position, "document": ReferenceDocumentSerializer(link.document).data}
            for link in links
        ]
    entries = frozen["legal_bases"]
    keys = [(link.position, link.document_id, link.document.kind) for link in links]
    if len(keys) != len(entries):  # never, as the rows are frozen with the notice; still, the snapshot wins
        keys = [(position, None, "") for position in range(1, len(entries) + 1)]
    return [
        {
            "position": position,
            "document": {
                "id": document_id,
                "kind": KIND_BY_LABEL.get(entry["kind"], kind),
                "kind_label": entry["kind"],
                "number_symbol": entry["number_symbol"],
                "issued_on": entry["issued_on"],
                "issuer": entry["issuer"],
                "summary": entry["summary"],
                "citation": nfc(entry["citation"]),
            },
        }
        for (position, document_id, kind), entry in zip(keys, entries, strict=True)
    ]


def recipients_of(notice) -> list[dict]:
    rows = list(notice.recipients.all())  # prefetched
    texts = snapshot.recipient_texts(notice)
    positions = [row.position for row in rows] if len(rows) == len(texts) else range(1, len(texts) + 1)
    return [{"position": position, "text": text} for position, text in zip(positions, texts, strict=True)]


class OrganizationBriefSerializer(serializers.Serializer):
    name = serializers.CharField(read_only=True, help_text="Tên cơ quan ban hành.")
    parent_name = serializers.CharField(read_only=True, help_text="Tên cơ quan chủ quản.")
    abbreviation = serializers.CharField(read_only=True, help_text="Chữ viết tắt, ví dụ BQL.")
    place = serializers.CharField(read_only=True, help_text="Địa danh, ví dụ Hải Phòng.")


class NoticeSerializer(Described):
    status_label = label_of("status", "Tên trạng thái.")
    kind_label = label_of("kind", "Tên loại văn bản.")
    reference = serializers.CharField(read_only=True, help_text="Số, ký hiệu, ví dụ 2880/TB-BQL.")
    signer = serializers.SerializerMethodField(
        help_text="Người ký: với thông báo đã ban hành, họ tên và chức vụ như in trên thông báo khi ban hành."
    )
    has_pdf = serializers.SerializerMethodField(help_text="Có bản PDF lưu trữ (đã ban hành).")

    class Meta:
        model = Notice
        fields = [
            "id",
            "kind",
            "kind_label",
            "plan",
            "unit_check",
            "status",
            "status_label",
            "reference",
            "number",
            "symbol",
            "year",
            "issued_on",
            "place",
            "title",
            "inspection",
            "signer",
            "imported",
            "pdf_sha256",
            "verification_code",
            "has_pdf",
            "updated_at",
        ]

    @extend_schema_field(UserBriefSerializer(allow_null=True))
    def get_signer(self, notice):
        return signer_of(notice)

    def get_has_pdf(self, notice) -> bool:
        return bool(notice.pdf)


class NoticeBasisSerializer(serializers.Serializer):
    position = serializers.IntegerField(help_text="Thứ tự.")
    document = ReferenceDocumentSerializer(help_text="Văn bản căn cứ.")


class NoticePartSerializer(serializers.Serializer):
    position = serializers.IntegerField(help_text="Thứ tự.")
    text = serializers.CharField(help_text="Nội dung.")


class AuditEventSerializer(Described):
    actor = UserBriefSerializer(read_only=True, help_text="Người thực hiện.")
    action_label = serializers.SerializerMethodField(help_text="Tên thao tác.")
    data = serializers.JSONField(read_only=True, help_text="Chi tiết: ý kiến, các thay đổi (cũ, mới).")

    class Meta:
        model = AuditEvent
        fields = ["at", "actor", "action", "action_label", "data"]

    def get_action_label(self, event) -> str:
        return action_label(event.action)


class NoticeDetailSerializer(NoticeSerializer):
    opening = serializers.CharField(read_only=True, help_text="Phần mở đầu.")
    closing = serializers.CharField(read_only=True, help_text="Phần kết luận, yêu cầu.")
    organization = serializers.SerializerMethodField(
        help_text="Cơ quan ban hành (với thông báo đã ban hành: như khi ban hành)."
    )
    signer_title = serializers.SerializerMethodField(help_text="Chức vụ người ký, như in ở phần chữ ký.")
    signer_name = serializers.SerializerMethodField(help_text="Họ tên người ký, như in ở phần chữ ký.")
    legal_bases = serializers.SerializerMethodField(
        help_text="Căn cứ (với thông báo đã ban hành: các văn bản như khi ban hành)."
    )
    items = NoticePartSerializer(many=True, read_only=True, help_text="Các mục kết quả.")
    recipients = serializers.SerializerMethodField(help_text="Nơi nhận.")
    history = serializers.SerializerMethodField(help_text="Nhật ký: ai đã làm gì, khi nào.")

    class Meta(NoticeSerializer.Meta):
        fields = [
            *NoticeSerializer.Meta.fields,
            "organization",
            "authority",
            "signer_title",
            "signer_name",
            "opening",
            "legal_bases",
            "items",
            "closing",
            "recipients",
            "history",
        ]

    @extend_schema_field(OrganizationBriefSerializer)
    def get_organization(self, notice):
        return OrganizationBriefSerializer(snapshot.organization_of(notice)).data

    def get_signer_title(self, notice) -> str:
        return notice_signing(notice)["signer_title"]

    def get_signer_name(self, notice) -> str:
        return notice_signing(notice)["signer_name"]

    @extend_schema_field(NoticeBasisSerializer(many=True))
    def get_legal_bases(self, notice):
        return legal_bases_of(notice)

    @extend_schema_field(NoticePartSerializer(many=True))
    def get_recipients(self, notice):
        return recipients_of(notice)

    def get_history(self, notice) -> list[dict]:
        events = AuditEvent.objects.about(notice).select_related("actor")
        return AuditEventSerializer(events, many=True).data


class RegisterEntrySerializer(Described):
    """One line of the outgoing register (sổ đăng ký văn bản đi): a document issued in the app
    (with `notice`, its file's SHA-256 and verification code) or entered by hand."""

    reference = serializers.CharField(read_only=True, help_text="Số, ký hiệu.")
    kind_label = serializers.CharField(read_only=True, help_text="Tên loại văn bản.")
    organization = serializers.SerializerMethodField(
        help_text="Cơ quan ban hành (với thông báo trong ứng dụng: như khi ban hành)."
    )
    recipients = serializers.SerializerMethodField(help_text="Nơi nhận.")
    notice = serializers.IntegerField(
        source="notice_id", read_only=True, allow_null=True, help_text="Thông báo trong ứng dụng (nếu có)."
    )
    pdf_sha256 = serializers.SerializerMethodField(help_text="Mã SHA-256 của tệp PDF lưu trữ (nếu có).")
    verification_code = serializers.SerializerMethodField(help_text="Mã xác thực (nếu có).")

    class Meta:
        model = RegisterEntry
        fields = [
            "id",
            "kind",
            "kind_label",
            "number",
            "symbol",
            "reference",
            "year",
            "issued_on",
            "summary",
            "organization",
            "signer_name",
            "recipients",
            "notice",
            "pdf_sha256",
            "verification_code",
        ]

    def get_organization(self, entry) -> str:
        frozen = entry.notice.issued_snapshot if entry.notice_id else None
        return frozen["organization"]["name"] if frozen else entry.organization.name

    def get_recipients(self, entry) -> list[str]:
        if entry.notice_id:
            return snapshot.recipient_texts(entry.notice)  # as at issue
        return [line.strip(" -–;.") for line in entry.recipients.splitlines() if line.strip(" -–;.")]

    def get_pdf_sha256(self, entry) -> str:
        return entry.notice.pdf_sha256 if entry.notice_id else ""

    def get_verification_code(self, entry) -> str | None:
        return entry.notice.verification_code if entry.notice_id else None
