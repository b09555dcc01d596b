from django.conf import settings
from django.core.management.base import BaseCommand

from inspections import demo as inspections_demo
from inspections import demo_followup, demo_paperwork, demo_register
from inspections.demo_notices import load_notices
from inspections.demo_signing import load_signing
from inspections.signing import SigningError
from units import demo as units_demo


class Command(BaseCommand):
    help = (
        "Nạp dữ liệu mẫu: Ban, 11 phòng/đơn vị, người ký, tài khoản demo, hồ sơ kiểm tra năm 2023, "
        "văn bản 146/KH-BQL vào sổ văn bản đi; kế hoạch 810/KH-BQL, quyết định thành lập Đoàn, "
        "thông báo lịch 2335/TB, 2535/TB-BQL, 11 biên bản kiểm tra và hai thông báo kết quả "
        "2819/TB-BQL, 2880/TB-BQL ngày 14/6/2023 do ứng dụng soạn, Lãnh đạo ký số khi duyệt, "
        "Văn thư cấp số và đóng dấu số khi ban hành. Khi DEBUG bật, tạo chứng thư "
        "và ảnh chữ ký, con dấu demo còn thiếu. Chạy lại không thay đổi gì."
    )

    def handle(self, *args, **options):
        organization = units_demo.load()
        plan = inspections_demo.load(organization)
        self.stdout.write(self.style.SUCCESS(f"Đã nạp dữ liệu mẫu cho {organization}: {plan}."))
        if demo_followup.load(organization, plan):
            self.stdout.write("Đã có một tồn tại đang theo dõi khắc phục (đơn vị đã báo cáo, kèm tệp).")
        for entry, made in demo_register.load(organization):
            verb = "Đã vào sổ" if made else "Sổ đã có"
            self.stdout.write(
                f"{verb} {entry.get_kind_display().lower()} {entry.reference} (ban hành ngoài ứng dụng)."
            )
        try:
            if settings.DEBUG:
                for made in load_signing(organization):
                    self.stdout.write(f"Đã tạo {made}.")
            for document, story, made in demo_paperwork.load(organization, plan):
                verb = "Đã soạn, ký duyệt, cấp số và ban hành" if made else "Đã có"
                reference = document.reference if document else f"số {story.number}"
                self.stdout.write(f"{verb} {document.spec.noun if document else 'văn bản'} {reference}.")
            results = load_notices(organization)
        except SigningError as error:
            self.stderr.write(self.style.WARNING(f"Chưa tạo được hai thông báo mẫu đã ký số: {error}"))
            return
        for notice, made in results:
            verb = "Đã soạn, ký duyệt, cấp số và ban hành" if made else "Đã có"
            self.stdout.write(f"{verb} thông báo {notice.reference} ngày 14/6/2023.")
