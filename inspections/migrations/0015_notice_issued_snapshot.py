"""Issued means frozen in every output (issue 17): what an issued notice shows without owning it.

`Notice.issued_snapshot` keeps, from the moment of issue, the issuing body's header (name,
parent body, place, head title, archive line), the documents it cites as they stood (kind,
number, date, issuer, summary, the citation as printed), its signing block and recipients
(inspections/snapshot.py). The issuing and importing services set it in the same write as the
status; the frozen-row guard keeps it: on SQLite the trigger lists every kept column, so it is
created again with `issued_snapshot` among them (PostgreSQL's compares whole rows and needs no
change). Notices issued before this migration get their snapshot from today's records, the
best that is known of them; the guard is lifted for that one write and put back at once.

The SQL and the citation wording are frozen here (see 0002_notices), never imported.
"""

import datetime

from django.db import migrations, models

SQLITE_UPDATE_GUARD = "CREATE TRIGGER IF NOT EXISTS inspections_notice_frozen_update BEFORE UPDATE ON inspections_notice FOR EACH ROW WHEN OLD.status = 'issued' AND NOT (OLD.imported = 1 AND OLD.pdf = '' AND NEW.pdf <> '' AND NEW.pdf_sha256 <> '' AND NEW.verification_code IS NOT NULL AND NEW.id IS OLD.id AND NEW.inspection_id IS OLD.inspection_id AND NEW.organization_id IS OLD.organization_id AND NEW.status IS OLD.status AND NEW.symbol IS OLD.symbol AND NEW.number IS OLD.number AND NEW.year IS OLD.year AND NEW.issued_on IS OLD.issued_on AND NEW.place IS OLD.place AND NEW.title IS OLD.title AND NEW.opening IS OLD.opening AND NEW.closing IS OLD.closing AND NEW.signer_id IS OLD.signer_id AND NEW.authority IS OLD.authority AND NEW.authority_title IS OLD.authority_title AND NEW.signer_title IS OLD.signer_title AND NEW.signer_name IS OLD.signer_name AND NEW.replaces_id IS OLD.replaces_id AND NEW.created_by_id IS OLD.created_by_id AND NEW.approved_by_id IS OLD.approved_by_id AND NEW.approved_at IS OLD.approved_at AND NEW.search_text IS OLD.search_text AND NEW.imported IS OLD.imported AND NEW.source_file IS OLD.source_file AND NEW.created_at IS OLD.created_at AND NEW.issued_snapshot IS OLD.issued_snapshot) BEGIN SELECT RAISE(ABORT, 'Thông báo đã ban hành không thể sửa đổi.'); END"
SQLITE_DELETE_GUARD = "CREATE TRIGGER IF NOT EXISTS inspections_notice_frozen_delete BEFORE DELETE ON inspections_notice FOR EACH ROW WHEN OLD.status = 'issued' BEGIN SELECT RAISE(ABORT, 'Thông báo đã ban hành không thể sửa đổi.'); END"
SQLITE_UPDATE_GUARD_0011 = "CREATE TRIGGER IF NOT EXISTS inspections_notice_frozen_update BEFORE UPDATE ON inspections_notice FOR EACH ROW WHEN OLD.status = 'issued' AND NOT (OLD.imported = 1 AND OLD.pdf = '' AND NEW.pdf <> '' AND NEW.pdf_sha256 <> '' AND NEW.verification_code IS NOT NULL AND NEW.id IS OLD.id AND NEW.inspection_id IS OLD.inspection_id AND NEW.organization_id IS OLD.organization_id AND NEW.status IS OLD.status AND NEW.symbol IS OLD.symbol AND NEW.number IS OLD.number AND NEW.year IS OLD.year AND NEW.issued_on IS OLD.issued_on AND NEW.place IS OLD.place AND NEW.title IS OLD.title AND NEW.opening IS OLD.opening AND NEW.closing IS OLD.closing AND NEW.signer_id IS OLD.signer_id AND NEW.authority IS OLD.authority AND NEW.authority_title IS OLD.authority_title AND NEW.signer_title IS OLD.signer_title AND NEW.signer_name IS OLD.signer_name AND NEW.replaces_id IS OLD.replaces_id AND NEW.created_by_id IS OLD.created_by_id AND NEW.approved_by_id IS OLD.approved_by_id AND NEW.approved_at IS OLD.approved_at AND NEW.search_text IS OLD.search_text AND NEW.imported IS OLD.imported AND NEW.source_file IS OLD.source_file AND NEW.created_at IS OLD.created_at) BEGIN SELECT RAISE(ABORT, 'Thông báo đã ban hành không thể sửa đổi.'); END"
DROP_SQLITE_UPDATE_GUARD = "DROP TRIGGER IF EXISTS inspections_notice_frozen_update"
ORGANIZATION_FIELDS = ("name", "parent_name", "abbreviation", "place", "head_title", "archive_code")


def _short_date(day: datetime.date) -> str:
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{day.day:02d}/{month}/{day.year}"


def _citation(document, kinds: dict) -> str:
    text = f"{kinds.get(document.kind, document.kind)} số {document.number_symbol} ngày {_short_date(document.issued_on)}"
    if document.issuer:
        text += f" của {document.issuer}"
    summary = document.summary.strip()
    if summary:
        text += f" {summary}" if summary.lower().startswith("về ") else f" về việc {summary}"
    return text


def _signing(notice, organization) -> dict:
    if notice.signer_name or notice.signer_id is None:
        lines = {
            "authority_title": notice.authority_title,
            "signer_title": notice.signer_title,
            "signer_name": notice.signer_name,
        }
    else:
        signer = notice.signer
        lines = {
            "authority_title": organization.head_title.upper() if notice.authority else "",
            "signer_title": "" if notice.authority == "Q." else signer.title.upper(),
            "signer_name": signer.full_name or signer.username,
        }
    if notice.authority and not lines["authority_title"]:
        lines["authority_title"] = organization.head_title
    return {"authority": notice.authority, **lines}


def _snapshot(notice, kinds: dict) -> dict:
    organization = notice.organization
    links = notice.basis_links.select_related("document").order_by("position", "pk")
    return {
        "version": 1,
        "organization": {name: getattr(organization, name) for name in ORGANIZATION_FIELDS},
        "legal_bases": [
            {
                "kind": kinds.get(link.document.kind, link.document.kind),
                "number_symbol": link.document.number_symbol,
                "issued_on": link.document.issued_on.isoformat(),
                "issuer": link.document.issuer,
                "summary": link.document.summary,
                "citation": _citation(link.document, kinds),
            }
            for link in links
        ],
        "signing": _signing(notice, organization),
        "recipients": [part.text for part in notice.recipients.order_by("position", "pk")],
    }


def _fill(apps) -> None:
    Notice = apps.get_model("inspections", "Notice")
    ReferenceDocument = apps.get_model("inspections", "ReferenceDocument")
    kinds = {value: str(label) for value, label in ReferenceDocument._meta.get_field("kind").choices}
    issued = Notice.objects.filter(status="issued", issued_snapshot__isnull=True)
    for notice in issued.select_related("organization", "signer"):
        Notice.objects.filter(pk=notice.pk).update(issued_snapshot=_snapshot(notice, kinds))


def forward(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(DROP_SQLITE_UPDATE_GUARD)
            _fill(apps)
            cursor.execute(SQLITE_UPDATE_GUARD)
            cursor.execute(SQLITE_DELETE_GUARD)  # in case adding the column rebuilt the table
        elif connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE inspections_notice DISABLE TRIGGER inspections_notice_frozen")
            _fill(apps)
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending events before ALTER TABLE
            cursor.execute("ALTER TABLE inspections_notice ENABLE TRIGGER inspections_notice_frozen")
        else:
            _fill(apps)


def drop_guard(apps, schema_editor):
    # Backward, before the column goes: SQLite refuses to drop a column a trigger names.
    if schema_editor.connection.vendor == "sqlite":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(DROP_SQLITE_UPDATE_GUARD)


def restore_0011_guard(apps, schema_editor):
    # Backward, after the column went (SQLite rebuilds the table, dropping its triggers).
    if schema_editor.connection.vendor == "sqlite":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(DROP_SQLITE_UPDATE_GUARD)
            cursor.execute(SQLITE_UPDATE_GUARD_0011)
            cursor.execute(SQLITE_DELETE_GUARD)


class Migration(migrations.Migration):
    dependencies = [("inspections", "0014_api_tokens")]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, restore_0011_guard),
        migrations.AddField(
            model_name="notice",
            name="issued_snapshot",
            field=models.JSONField(
                blank=True, editable=False, null=True, verbose_name="nội dung cố định khi ban hành"
            ),
        ),
        migrations.RunPython(forward, drop_guard),
    ]
