from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone


class AuditEventQuerySet(models.QuerySet):
    def about(self, obj):
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)


class AuditEvent(models.Model):
    """Who did what to which record, and when. Rows are only ever added."""

    at = models.DateTimeField("thời điểm", default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name="người thực hiện"
    )
    action = models.CharField("thao tác", max_length=40)  # "<model>.<verb>", e.g. "notice.issue"
    content_type = models.ForeignKey(ContentType, models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    summary = models.CharField("đối tượng", max_length=300, blank=True)
    data = models.JSONField(default=dict, encoder=DjangoJSONEncoder)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = "nhật ký thay đổi"
        verbose_name_plural = "nhật ký thay đổi"
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["content_type", "object_id"]),
            # "The newest returns/reopenings of …" (notifications): one action, newest first.
            models.Index(fields=["content_type", "action", "-at"], name="auditevent_action_at"),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action}"
