"""Personal API tokens: a person's key for scripts and other systems (README "REST API")."""

from django.conf import settings
from django.db import models


class ApiTokenQuerySet(models.QuerySet):
    def live(self):
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    """One key a person made for a script or system. Only its SHA-256 is stored; the key
    itself is shown once, when it is made."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="api_tokens", verbose_name="người dùng"
    )
    name = models.CharField("tên gợi nhớ", max_length=100)
    prefix = models.CharField("đầu mã", max_length=12, editable=False)
    key_sha256 = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField("ngày tạo", auto_now_add=True)
    last_used_at = models.DateTimeField("lần dùng gần nhất", null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField("ngày thu hồi", null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name="người thu hồi",
    )

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = "mã truy cập API"
        verbose_name_plural = "mã truy cập API"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.prefix}… ({self.name})"

    @property
    def is_live(self) -> bool:
        return self.revoked_at is None
