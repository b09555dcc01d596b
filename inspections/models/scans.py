"""The signed scan of a visit's biên bản: printed on site, signed by hand, scanned, attached.

A scan is a record the board keeps: never deleted, never overwritten. A newer scan of the same
visit supersedes the older one on the page, and the older ones stay listed beneath it. Each
keeps the SHA-256 of its bytes (`file_sha256`, the sibling-field convention that
services/storage.py's `check_storage` verifies), and every download checks it first
(services/integrity.py's `verified_scan`).
"""

from django.conf import settings
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import Exact
from django.urls import reverse
from django.utils import timezone

from inspections.models.records import UnitCheck


class ScanKept(Exception):
    """A delete or overwrite of a signed minutes scan: the board keeps them as uploaded."""

    MESSAGE = "Bản quét biên bản đã ký là hồ sơ phải lưu giữ; không thể xóa hay ghi đè."


class MinutesScanQuerySet(models.QuerySet):
    def newest_first(self):
        return self.select_related("uploaded_by").order_by("-uploaded_at", "-pk")

    def delete(self):
        raise ScanKept(ScanKept.MESSAGE)

    def update(self, **kwargs):
        raise ScanKept(ScanKept.MESSAGE)


def minutes_scan_path(instance, filename: str) -> str:
    # The stored name never comes from the client: only the checked extension survives.
    return f"minutes/{instance.unit_check_id}/{instance.token}.{instance.extension}"


class MinutesScan(models.Model):
    """One uploaded scan of the signed biên bản of a visit."""

    unit_check = models.ForeignKey(
        UnitCheck, models.PROTECT, related_name="minutes_scans", verbose_name="kiểm tra tại đơn vị"
    )
    file = models.FileField("tệp", upload_to=minutes_scan_path)
    file_sha256 = models.CharField("SHA-256", max_length=64, editable=False)
    token = models.CharField(max_length=32, editable=False)
    extension = models.CharField(max_length=8, editable=False)
    original_name = models.CharField("tên tệp", max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField("dung lượng")
    note = models.CharField("ghi chú", max_length=500, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name="người tải lên"
    )
    uploaded_at = models.DateTimeField("thời điểm tải lên", default=timezone.now)

    objects = MinutesScanQuerySet.as_manager()

    class Meta:
        verbose_name = "bản quét biên bản đã ký"
        verbose_name_plural = "bản quét biên bản đã ký"
        ordering = ["unit_check_id", "uploaded_at", "pk"]
        constraints = [
            # Plain SQL on both databases (no REGEXP, which SQLite lacks outside Django).
            models.CheckConstraint(
                condition=Exact(Length("file_sha256"), 64), name="minutesscan_sha256_recorded"
            ),
        ]

    def __str__(self):
        return self.original_name

    def save(self, *args, **kwargs):
        # Not business logic: the last guard that a stored scan is never rewritten.
        if not self._state.adding:
            raise ScanKept(ScanKept.MESSAGE)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("inspections:minutesscan-download", args=[self.pk])

    def delete(self, *args, **kwargs):
        raise ScanKept(ScanKept.MESSAGE)

    @property
    def short_sha256(self) -> str:
        return self.file_sha256[:12]
