"""A notice issued on paper and imported without a file gets the app's unsigned copy, once, from
its page; nothing else of an issued notice can change, through the app or by SQL."""

import hashlib

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from inspections import dbguards
from inspections.models import AuditEvent, Notice, TransitionError
from inspections.services.lifecycle import NOTICE


@pytest.fixture
def paper_notice(board, import_file, seed_001):
    """2819/TB-BQL, imported from its text without asking for a PDF."""
    notice = import_file(seed_001, "2819.txt").notice
    assert not notice.pdf and not notice.verification_code
    return notice


def test_the_clerk_makes_the_app_copy_from_the_notice_page(client, clerk, paper_notice):
    client.force_login(clerk)
    page = client.get(paper_notice.get_absolute_url()).content.decode()
    url = reverse("inspections:notice-paper-copy", args=[paper_notice.pk])
    assert url in page and "Văn bản ban hành trên giấy" in page

    response = client.post(url, follow=True)
    assert "Đã tạo bản PDF của ứng dụng cho Thông báo số 2819/TB-BQL" in response.content.decode()
    paper_notice.refresh_from_db()
    data = paper_notice.pdf.read()
    assert data.startswith(b"%PDF") and b"/ByteRange" not in data  # signed on paper, not by us
    assert hashlib.sha256(data).hexdigest() == paper_notice.pdf_sha256
    assert paper_notice.verification_code and paper_notice.status == Notice.Status.ISSUED
    assert paper_notice.reference == "2819/TB-BQL"
    events = AuditEvent.objects.about(paper_notice).filter(action="notice.paper_copy")
    assert [e.actor for e in events] == [clerk]
    verify = client.get(reverse("inspections:verify", args=[paper_notice.verification_code]))
    assert "2819/TB-BQL" in verify.content.decode()


def test_a_second_copy_is_refused_and_the_first_stays(client, clerk, paper_notice):
    client.force_login(clerk)
    url = reverse("inspections:notice-paper-copy", args=[paper_notice.pk])
    client.post(url)
    paper_notice.refresh_from_db()
    first = (paper_notice.pdf.name, paper_notice.pdf_sha256, paper_notice.verification_code)

    response = client.post(url, follow=True)
    assert "Thông báo này đã có tệp PDF của ứng dụng." in response.content.decode()
    paper_notice.refresh_from_db()
    assert (paper_notice.pdf.name, paper_notice.pdf_sha256, paper_notice.verification_code) == first
    assert AuditEvent.objects.about(paper_notice).filter(action="notice.paper_copy").count() == 1


def test_a_notice_issued_in_the_app_gets_no_paper_copy(clerk):
    issued_here = Notice(status=Notice.Status.ISSUED, imported=False, pdf="notices/1-TB-BQL.pdf")
    with pytest.raises(TransitionError, match="Chỉ thông báo nhập từ văn bản giấy"):
        NOTICE.require(issued_here, "paper_copy", clerk)


def test_an_inspector_may_not_make_the_copy(client, inspector, paper_notice):
    client.force_login(inspector)
    response = client.post(reverse("inspections:notice-paper-copy", args=[paper_notice.pk]))
    assert response.status_code == 403
    paper_notice.refresh_from_db()
    assert not paper_notice.pdf


def test_the_source_file_downloads_as_the_clerk_uploaded_it(client, inspector, paper_notice, seed_001):
    client.force_login(inspector)
    response = client.get(reverse("inspections:notice-source", args=[paper_notice.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == seed_001
    assert "2819-TB-BQL-2023-tep-nguon.txt" in response["Content-Disposition"]


def _raw_update(notice_id: int, **columns) -> None:
    assignments = ", ".join(f"{name} = %s" for name in columns)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE inspections_notice SET {assignments} WHERE id = %s", [*columns.values(), notice_id]
        )


def test_by_sql_only_the_file_columns_take_the_one_write(paper_notice):
    file_columns = {"pdf": "notices/x.pdf", "pdf_sha256": "a" * 64, "verification_code": "ABCD1234"}
    # The file together with anything else: refused, the row unchanged.
    for other in (
        {"title": "Sửa trích yếu"},
        {"number": 2820},
        {"imported": False},
        {"signer_name": "Ai đó"},
    ):
        with pytest.raises(IntegrityError):
            _raw_update(paper_notice.pk, **file_columns, **other)
    # Anything else without the file: refused.
    with pytest.raises(IntegrityError):
        _raw_update(paper_notice.pk, title="Sửa trích yếu")
    stored = Notice.objects.get(pk=paper_notice.pk)
    assert (stored.title, stored.number, stored.pdf.name) == (paper_notice.title, 2819, "")

    _raw_update(paper_notice.pk, **file_columns)  # the one write
    # Once the notice has a file, the file columns are frozen too.
    with pytest.raises(IntegrityError):
        _raw_update(paper_notice.pk, pdf="notices/y.pdf", pdf_sha256="b" * 64, verification_code="EFGH5678")
    assert Notice.objects.get(pk=paper_notice.pk).pdf.name == "notices/x.pdf"


def test_the_guard_names_every_column_of_the_notice_table(db):
    with connection.cursor() as cursor:
        columns = {
            c.name for c in connection.introspection.get_table_description(cursor, "inspections_notice")
        }
    assert set(dbguards.KEPT_COLUMNS) | set(dbguards.PAPER_COPY_COLUMNS) == columns
    assert not set(dbguards.KEPT_COLUMNS) & set(dbguards.PAPER_COPY_COLUMNS)
    assert set(dbguards.PAPER_COPY_COLUMNS) == Notice.PAPER_COPY_FIELDS
