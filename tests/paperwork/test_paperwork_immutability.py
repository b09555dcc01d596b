"""An issued document of any kind never changes: model, queryset, its parts, raw SQL (Decree 30:
an issued document is corrected only by a new document that replaces it)."""

import pytest
from django.db import DatabaseError, connection, transaction
from paperwork_sources import KINDS

from inspections.layout import notice_document
from inspections.models import (
    Notice,
    NoticeFrozen,
    NoticeItem,
    NoticeLegalBasis,
    NoticeRecipient,
    ReferenceDocument,
    RegisterEntry,
)
from inspections.services.notices import replace_notice

pytestmark = pytest.mark.django_db
REFUSED = "Thông báo đã ban hành không thể sửa đổi"


def snapshot(notice):
    row = Notice.objects.filter(pk=notice.pk).values().get()
    row.pop("updated_at")
    return (
        row,
        list(NoticeItem.objects.filter(notice=notice).values_list("position", "text")),
        list(NoticeRecipient.objects.filter(notice=notice).values_list("position", "text")),
        list(NoticeLegalBasis.objects.filter(notice=notice).values_list("position", "document")),
        list(RegisterEntry.objects.filter(notice=notice).values()),
    )


@pytest.fixture(params=KINDS)
def issued(request, make_document):
    return make_document(request.param, "issued")


def test_every_kind_is_issued_with_its_parts(issued):
    assert issued.status == Notice.Status.ISSUED and issued.number == 1
    assert issued.items.exists()
    assert issued.recipients.exists() == issued.spec.recipients
    assert RegisterEntry.objects.filter(notice=issued, kind=issued.spec.register_kind).exists()


def test_the_model_refuses_to_save_or_delete_it(issued):
    before = snapshot(issued)
    for field, value in [
        ("title", "Sửa qua mô hình"),
        ("kind", "report" if issued.kind != "report" else "plan"),
        ("counterpart_name", "Người khác"),
        ("closing", "Kết luận khác./."),
    ]:
        stored = Notice.objects.get(pk=issued.pk)
        setattr(stored, field, value)
        with pytest.raises(NoticeFrozen):
            stored.save()
    with pytest.raises(NoticeFrozen):
        Notice.objects.get(pk=issued.pk).delete()
    assert snapshot(issued) == before


def test_queryset_updates_are_refused(issued):
    before = snapshot(issued)
    for change in [
        {"title": "Sửa hàng loạt"},
        {"kind": Notice.Kind.RESULTS},
        {"status": Notice.Status.DRAFT},
    ]:
        with pytest.raises(NoticeFrozen):
            Notice.objects.filter(pk=issued.pk).update(**change)
    with pytest.raises(NoticeFrozen):
        Notice.objects.filter(plan=issued.plan).update(counterpart_title="Sửa")
    assert snapshot(issued) == before


def test_its_parts_refuse_every_write(issued):
    before = snapshot(issued)
    item = issued.items.first()
    item.text = "Sửa một mục"
    with pytest.raises(NoticeFrozen):
        item.save()
    with pytest.raises(NoticeFrozen):
        item.delete()
    with pytest.raises(NoticeFrozen):
        NoticeItem.objects.create(notice=issued, position=99, text="Thêm một mục")
    with pytest.raises(NoticeFrozen):
        NoticeRecipient.objects.create(notice=issued, position=99, text="Thêm nơi nhận")
    document = ReferenceDocument.objects.exclude(pk__in=issued.basis_links.values("document")).first()
    with pytest.raises(NoticeFrozen):
        NoticeLegalBasis.objects.create(notice=issued, position=99, document=document)
    for attempt in [
        lambda: NoticeItem.objects.filter(notice=issued).update(text="Sửa hàng loạt"),
        lambda: NoticeItem.objects.filter(notice=issued).delete(),
        lambda: NoticeRecipient.objects.bulk_create([NoticeRecipient(notice=issued, text="Thêm")]),
        lambda: NoticeLegalBasis.objects.bulk_create(
            [NoticeLegalBasis(notice=issued, position=99, document=document)]
        ),
    ]:
        with pytest.raises(DatabaseError), transaction.atomic():
            attempt()
    assert snapshot(issued) == before


RAW = [
    "UPDATE inspections_notice SET title = 'Sửa bằng SQL' WHERE id = %s",
    "UPDATE inspections_notice SET kind = 'report' WHERE id = %s",
    "UPDATE inspections_notice SET status = 'draft' WHERE id = %s",
    "UPDATE inspections_notice SET number = number + 1 WHERE id = %s",
    "UPDATE inspections_notice SET counterpart_name = 'Người khác' WHERE id = %s",
    "UPDATE inspections_notice SET unit_check_id = NULL, inspection_id = NULL WHERE id = %s",
    "DELETE FROM inspections_notice WHERE id = %s",
    "UPDATE inspections_noticeitem SET text = 'Sửa bằng SQL' WHERE notice_id = %s",
    "DELETE FROM inspections_noticeitem WHERE notice_id = %s",
    "INSERT INTO inspections_noticeitem (notice_id, position, text) VALUES (%s, 99, 'Thêm')",
    "INSERT INTO inspections_noticerecipient (notice_id, position, text) VALUES (%s, 99, 'Thêm')",
    # A legal basis added (a biên bản drafted before the team decision was issued cites none).
    "INSERT INTO inspections_noticelegalbasis (notice_id, position, document_id) SELECT %s, 99, id "
    "FROM inspections_referencedocument WHERE id NOT IN "
    "(SELECT document_id FROM inspections_noticelegalbasis WHERE notice_id = %s)",
]


@pytest.mark.parametrize("sql", RAW)
def test_raw_sql_is_refused_by_the_database(issued, sql):
    before = snapshot(issued)
    with pytest.raises(DatabaseError, match=REFUSED), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [issued.pk] * sql.count("%s"))
    assert snapshot(issued) == before


def test_it_is_replaced_by_a_new_draft_of_the_same_kind_and_place(issued, inspector):
    before = snapshot(issued)
    replacement = replace_notice(issued, by=inspector)
    assert (replacement.kind, replacement.status, replacement.replaces_id) == (
        issued.kind,
        "draft",
        issued.pk,
    )
    assert (replacement.plan_id, replacement.inspection_id, replacement.unit_check_id) == (
        issued.plan_id,
        issued.inspection_id,
        issued.unit_check_id,
    )
    # It says what it replaces, by the kind's own name, and "./." ends it once, at its very end.
    kind = issued.spec.type_name.capitalize()
    shown = notice_document(replacement)
    assert shown["last_paragraph"].startswith(f"{kind} này thay thế {kind} số 01/{issued.symbol} ngày ")
    assert shown["last_paragraph"].endswith("./.")
    assert [p for p in shown["paragraphs"] if p.endswith("./.")] == []
    assert snapshot(issued) == before
