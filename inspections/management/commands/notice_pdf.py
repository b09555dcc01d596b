import re
import sys

from django.core.management.base import BaseCommand, CommandError

from inspections.models import Notice
from inspections.pdf import render_notice_pdf
from inspections.services.integrity import FileIntegrityError, verified_pdf

REFERENCE_RE = re.compile(r"^(\d+)/(.+)/(\d{4})$")


class Command(BaseCommand):
    help = (
        "Ghi tệp PDF của một thông báo: thông báo đã ban hành theo số/ký hiệu/năm "
        "(ví dụ 2880/TB-BQL/2023, đúng tệp đã lưu khi ban hành), hoặc bản dự thảo theo --draft ID."
    )

    def add_arguments(self, parser):
        parser.add_argument("reference", nargs="?", help="Số/ký hiệu/năm, ví dụ 2880/TB-BQL/2023.")
        parser.add_argument(
            "--draft", type=int, metavar="ID", help="Kết xuất bản dự thảo của thông báo có mã ID."
        )
        parser.add_argument("-o", "--output", required=True, help="Tệp ghi ra ('-' để ghi ra stdout).")

    def handle(self, *args, reference=None, draft=None, output, **options):
        if (reference is None) == (draft is None):
            raise CommandError("Cần đúng một trong hai: số/ký hiệu/năm hoặc --draft ID.")
        data = self.draft_bytes(draft) if draft is not None else self.issued_bytes(reference)
        if output == "-":
            sys.stdout.buffer.write(data)
            return
        with open(output, "wb") as out:
            out.write(data)
        self.stderr.write(f"Đã ghi {len(data)} byte vào {output}.")

    def draft_bytes(self, pk: int) -> bytes:
        notice = Notice.objects.select_related("organization", "signer").filter(pk=pk).first()
        if notice is None:
            raise CommandError(f"Không có thông báo mã {pk}.")
        if notice.is_issued:
            raise CommandError(
                f"Thông báo {notice.reference} đã ban hành; lấy tệp đã lưu theo số/ký hiệu/năm."
            )
        return render_notice_pdf(notice)

    def issued_bytes(self, reference: str) -> bytes:
        match = REFERENCE_RE.match(reference.strip())
        if not match:
            raise CommandError("Số/ký hiệu/năm không đúng dạng; ví dụ 2880/TB-BQL/2023.")
        number, symbol, year = match.groups()
        notices = list(Notice.objects.issued().filter(number=number, symbol=symbol, year=year)[:2])
        if not notices:
            raise CommandError(f"Không có thông báo đã ban hành số {number}/{symbol} năm {year}.")
        if len(notices) > 1:
            raise CommandError(f"Có nhiều thông báo số {number}/{symbol} năm {year} (nhiều cơ quan).")
        if not notices[0].pdf:
            raise CommandError(f"Thông báo {notices[0].reference} không có tệp PDF lưu trữ.")
        try:
            return verified_pdf(notices[0])
        except FileIntegrityError as error:
            raise CommandError(str(error)) from error
