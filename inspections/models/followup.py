"""Follow-up of shortcomings (khắc phục tồn tại, hạn chế) and the in-app notifications' "seen" marks.

Every Finding whose result is a shortcoming is an item to close. Its FollowUp row is created
on the first action; a shortcoming without one is simply "open". Finding.closed stays the
source of truth for open/closed, FollowUp adds who reported and who accepted, and when.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse

from inspections.models.notices import Transition, TransitionError
from inspections.models.records import Finding


class FollowUp(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Chưa khắc phục"
        REPORTED = "reported", "Đơn vị đã báo cáo"
        CLOSED = "closed", "Đã khắc phục"
        REOPENED = "reopened", "Yêu cầu khắc phục lại"

    # action -> (from, to, permission); "report" is also open to the unit's own members,
    # which the service checks (Transition.permission is the inspectors' route).
    TRANSITIONS = {
        "report": [
            Transition(Status.OPEN, Status.REPORTED, "inspections.report_followup"),
            Transition(Status.REOPENED, Status.REPORTED, "inspections.report_followup"),
            Transition(Status.REPORTED, Status.REPORTED, "inspections.report_followup"),
        ],
        "close": [Transition(Status.REPORTED, Status.CLOSED, "inspections.close_followup")],
        "reopen": [
            Transition(Status.REPORTED, Status.REOPENED, "inspections.close_followup"),
            Transition(Status.CLOSED, Status.REOPENED, "inspections.close_followup"),
        ],
    }

    finding = models.OneToOneField(
        Finding, models.CASCADE, related_name="followup", verbose_name="kết quả kiểm tra"
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
            ("close_followup", "Xác nhận hoặc mở lại việc khắc phục"),
        ]

    def __str__(self):
        return f"{self.finding} – {self.get_status_display()}"

    def get_absolute_url(self):
        return reverse("inspections:followup-detail", args=[self.finding_id])

    def allowed_actions(self) -> list[str]:
        """Return the actions possible from the current status."""
        return [
            action
            for action, steps in self.TRANSITIONS.items()
            if any(s.source == self.status for s in steps)
        ]

    def step(self, action: str) -> Transition:
        for step in self.TRANSITIONS[action]:
            if step.source == self.status:
                return step
        raise TransitionError(
            f"Không thể thực hiện thao tác này khi việc khắc phục đang ở trạng thái "
            f"“{self.get_status_display()}”."
        )

    def transition(self, action: str) -> None:
        """Move to the status that `action` leads to. The caller saves."""
        self.status = self.step(action).target


def followup_report_path(instance, filename: str) -> str:
    # The stored name never comes from the client: only the checked extension survives.
    return f"followups/{instance.followup_id}/{instance.token}.{instance.extension}"


class FollowUpReport(models.Model):
    """What the unit says it did to remedy a shortcoming, with an optional evidence file."""

    followup = models.ForeignKey(FollowUp, models.CASCADE, related_name="reports", verbose_name="theo dõi")
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

    class Meta:
        verbose_name = "báo cáo khắc phục"
        verbose_name_plural = "báo cáo khắc phục"
        ordering = ["reported_at", "pk"]

    def __str__(self):
        return self.text[:60]


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
