from django.conf import settings
from django.core.mail import send_mail
from django.core.management.base import BaseCommand
from django.utils import timezone

from inspections import notifications
from inspections.models import NotificationMark
from inspections.siteurl import site_url
from units.models import User


class Command(BaseCommand):
    help = (
        "Gửi thư cho mỗi người có địa chỉ e-mail về các việc mới liên quan đến họ kể từ thư trước "
        "(chạy định kỳ bằng cron). Dùng EMAIL_BACKEND trong cấu hình; mặc định in ra màn hình."
    )

    def handle(self, *args, **options):
        sent = 0
        marks = {m.user_id: m for m in NotificationMark.objects.all()}
        for user in User.objects.filter(is_active=True).exclude(email="").order_by("pk"):
            now = timezone.now()
            since = marks[user.pk].emailed_at if user.pk in marks else None
            items = [i for i in notifications.items_for(user) if since is None or i.at > since]
            if not items:
                continue
            lines = [f"Kính gửi {user.display_name},", "", "Có việc mới liên quan đến anh/chị:", ""]
            for item in items:
                lines.append(f"- {item.title}")
                if item.text:
                    lines.append(f"  {item.text}")
                if item.url:
                    lines.append(f"  {site_url()}{item.url}")
            lines += ["", "Thư này được gửi tự động từ ứng dụng Kiểm tra cải cách hành chính."]
            send_mail(
                f"[Kiểm tra CCHC] {len(items)} việc mới cần anh/chị quan tâm",
                "\n".join(lines),
                settings.DEFAULT_FROM_EMAIL,
                [user.email],
            )
            NotificationMark.objects.update_or_create(user=user, defaults={"emailed_at": now})
            sent += 1
        self.stdout.write(self.style.SUCCESS(f"Đã gửi {sent} thư."))
