"""Follow-up of shortcomings (khắc phục tồn tại, hạn chế) and the in-app notifications' "seen" marks.

Every Finding whose result is a shortcoming is an item to close. Its FollowUp row is created
on the first action; a shortcoming without one is simply "open". The follow-up services are
the one way to move it (report → close, reopen, withdraw); they also keep the finding's
`closed` column, which lists and figures filter on, in step.

What a unit reported is a record the board keeps: a finding with a follow-up, a follow-up
with reports, cannot be deleted (PROTECT), and nothing deletes a report or its file.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse

from inspections.models.lifecycle import LifecycleMixin, Transition
from inspections.models.records import Finding


class FollowUp(LifecycleMixin, models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Chưa khắc phục"
        REPORTED = "reported", "Đơn vị đã báo cáo"
        CLOSED = "closed", "Đã khắc phục"
        REOPENED = "reopened", "Yêu cầu khắc phục lại"
        WITHDRAWN = "withdrawn", "Đã rút lại"

    # action -> (from, to, permission). "report" is also open to the unit's own members, which
    # inspections/services/lifecycle.py decides (the permission is the inspectors' route).
    TRANSITIONS = {
        "report": Transition(
            (Status.OPEN, Status.REOPENED, Status.REPORTED), Status.REPORTED, "inspections.report_followup"
        ),
        "close": Transition((Status.REPORTED,), Status.CLOSED, "inspections.close_followup"),
        "reopen": Transition((Status.REPORTED, Status.CLOSED), Status.REOPENED, "inspections.close_followup"),
        # A shortcoming recorded in error: it stops being one, its reports stay, the reason is audited.
        "withdraw": Transition(
            (Status.OPEN, Status.REPORTED, Status.REOPENED), Status.WITHDRAWN, "inspections.close_followup"
        ),
    }
    noun = "việc khắc phục"
    STATE_MESSAGES = {
        "close": "Chỉ xác nhận đã khắc phục sau khi đơn vị báo cáo (trạng thái “Đơn vị đã báo cáo”); "
        "việc khắc phục đang ở trạng thái “{status}”.",
    }

    finding = models.OneToOneField(
        Finding, models.PROTECT, related_name="followup", verbose_name="kết quả kiểm tra"
    )
    status = models.CharField("trạng thái khắc phục", max_length=10, choices=Status, default=Status.OPEN)
    reported_at = models.DateTimeField("ngày báo cáo gần nhất", null=True, blank=True)
    closed_at = models.DateTimeField("ngày xác nhận khắc phục", null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người xác nhận",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "theo dõi khắc phục"
        verbose_name_plural = "theo dõi khắc phục"
        ordering = ["-updated_at"]
        indexes = [
            # "Units that reported, newest first" (notifications of the inspectors).
            models.Index(fields=["status", "-reported_at"], name="followup_status_reported"),
        ]
        permissions = [
            ("report_followup", "Báo cáo kết quả khắc phục thay đơn vị"),
            ("close_followup", "Xác nhận, mở lại hoặc rút lại việc khắc phục"),
        ]

    def __str__(self):
        return f"{self.finding} – {self.get_status_display()}"

    def get_absolute_url(self):
        return reverse("inspections:followup-detail", args=[self.finding_id])


def followup_report_path(instance, filename: str) -> str:
    # The stored name never comes from the client: only the checked extension survives.
    return f"followups/{instance.followup_id}/{instance.token}.{instance.extension}"


class FollowUpReportQuerySet(models.QuerySet):
    def delete(self):
        raise ReportKept(ReportKept.MESSAGE)


class ReportKept(Exception):
    """A delete of a unit's remediation report: the board keeps them, and their files."""

    MESSAGE = "Báo cáo khắc phục của đơn vị là hồ sơ phải lưu giữ; không thể xóa."


class FollowUpReport(models.Model):
    """What the unit says it did to remedy a shortcoming, with an optional evidence file."""

    followup = models.ForeignKey(FollowUp, models.PROTECT, related_name="reports", verbose_name="theo dõi")
    text = models.TextField("kết quả khắc phục", max_length=5_000)
    file = models.FileField("tài liệu minh chứng", upload_to=followup_report_path, blank=True)
    token = models.CharField(max_length=32, blank=True, editable=False)
    extension = models.CharField(max_length=8, blank=True, editable=False)
    original_name = models.CharField("tên tệp", max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField("dung lượng", default=0)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name="người báo cáo"
    )
    reported_at = models.DateTimeField("thời điểm báo cáo")

    objects = FollowUpReportQuerySet.as_manager()

    class Meta:
        verbose_name = "báo cáo khắc phục"
        verbose_name_plural = "báo cáo khắc phục"
        ordering = ["reported_at", "pk"]

    def __str__(self):
        return self.text[:60]

    def delete(self, *args, **kwargs):
        # Not business logic: the last guard that a unit's report (and its file) is kept.
        raise ReportKept(ReportKept.MESSAGE)


class NotificationMark(models.Model):
    """When a person last looked at their notifications and was last e-mailed about them."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, models.CASCADE, related_name="notification_mark")
    seen_at = models.DateTimeField("đã xem đến", null=True, blank=True)
    emailed_at = models.DateTimeField("đã gửi thư đến", null=True, blank=True)

    class Meta:
        verbose_name = "mốc thông báo"
        verbose_name_plural = "mốc thông báo"

    def __str__(self):
        return f"{self.user} {self.seen_at}"
