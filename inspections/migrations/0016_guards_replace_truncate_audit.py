"""Guards raw SQL cannot walk around (issue 17).

SQLite: an INSERT guard on the notice table (INSERT OR REPLACE of an issued notice: same id,
verification code or number) and on each part table (a replace under an issued notice's part
id), and the audit table append-only (no INSERT over an existing line, no UPDATE, no DELETE).
Settings turn `PRAGMA recursive_triggers` on, so a REPLACE's delete fires the DELETE guards.
PostgreSQL: the audit table append-only (row trigger on UPDATE or DELETE) and statement-level
BEFORE TRUNCATE guards on the notice table, its part tables and the audit table.

The SQL is frozen here (see 0002_notices); `inspections/dbguards.py` holds the live copy for
`manage.py flush`, the system check and the post_migrate reinstall.
"""

from django.db import migrations

SQLITE_FORWARD = [
    "DROP TRIGGER IF EXISTS inspections_notice_frozen_insert",
    "CREATE TRIGGER IF NOT EXISTS inspections_notice_frozen_insert BEFORE INSERT ON inspections_notice FOR EACH ROW WHEN EXISTS (SELECT 1 FROM inspections_notice WHERE status = 'issued' AND (id = NEW.id OR verification_code = NEW.verification_code OR (organization_id = NEW.organization_id AND year = NEW.year AND symbol = NEW.symbol AND number = NEW.number))) BEGIN SELECT RAISE(ABORT, 'Thông báo đã ban hành không thể sửa đổi.'); END",
    "DROP TRIGGER IF EXISTS inspections_noticeitem_frozen_insert",
    "CREATE TRIGGER IF NOT EXISTS inspections_noticeitem_frozen_insert BEFORE INSERT ON inspections_noticeitem FOR EACH ROW WHEN (SELECT status FROM inspections_notice WHERE id = NEW.notice_id) = 'issued' OR (SELECT n.status FROM inspections_noticeitem p JOIN inspections_notice n ON n.id = p.notice_id WHERE p.id = NEW.id) = 'issued' BEGIN SELECT RAISE(ABORT, 'Thông báo đã ban hành không thể sửa đổi.'); END",
    "DROP TRIGGER IF EXISTS inspections_noticerecipient_frozen_insert",
    "CREATE TRIGGER IF NOT EXISTS inspections_noticerecipient_frozen_insert BEFORE INSERT ON inspections_noticerecipient FOR EACH ROW WHEN (SELECT status FROM inspections_notice WHERE id = NEW.notice_id) = 'issued' OR (SELECT n.status FROM inspections_noticerecipient p JOIN inspections_notice n ON n.id = p.notice_id WHERE p.id = NEW.id) = 'issued' BEGIN SELECT RAISE(ABORT, 'Thông báo đã ban hành không thể sửa đổi.'); END",
    "DROP TRIGGER IF EXISTS inspections_noticelegalbasis_frozen_insert",
    "CREATE TRIGGER IF NOT EXISTS inspections_noticelegalbasis_frozen_insert BEFORE INSERT ON inspections_noticelegalbasis FOR EACH ROW WHEN (SELECT status FROM inspections_notice WHERE id = NEW.notice_id) = 'issued' OR (SELECT n.status FROM inspections_noticelegalbasis p JOIN inspections_notice n ON n.id = p.notice_id WHERE p.id = NEW.id) = 'issued' BEGIN SELECT RAISE(ABORT, 'Thông báo đã ban hành không thể sửa đổi.'); END",
    "DROP TRIGGER IF EXISTS inspections_auditevent_append_only_insert",
    "CREATE TRIGGER IF NOT EXISTS inspections_auditevent_append_only_insert BEFORE INSERT ON inspections_auditevent FOR EACH ROW WHEN EXISTS (SELECT 1 FROM inspections_auditevent WHERE id = NEW.id) BEGIN SELECT RAISE(ABORT, 'Nhật ký thay đổi chỉ được ghi thêm, không thể sửa hay xóa.'); END",
    "DROP TRIGGER IF EXISTS inspections_auditevent_append_only_update",
    "CREATE TRIGGER IF NOT EXISTS inspections_auditevent_append_only_update BEFORE UPDATE ON inspections_auditevent FOR EACH ROW BEGIN SELECT RAISE(ABORT, 'Nhật ký thay đổi chỉ được ghi thêm, không thể sửa hay xóa.'); END",
    "DROP TRIGGER IF EXISTS inspections_auditevent_append_only_delete",
    "CREATE TRIGGER IF NOT EXISTS inspections_auditevent_append_only_delete BEFORE DELETE ON inspections_auditevent FOR EACH ROW BEGIN SELECT RAISE(ABORT, 'Nhật ký thay đổi chỉ được ghi thêm, không thể sửa hay xóa.'); END",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS inspections_notice_frozen_insert",
    "DROP TRIGGER IF EXISTS inspections_noticeitem_frozen_insert",
    "CREATE TRIGGER IF NOT EXISTS inspections_noticeitem_frozen_insert BEFORE INSERT ON inspections_noticeitem FOR EACH ROW WHEN (SELECT status FROM inspections_notice WHERE id = NEW.notice_id) = 'issued' BEGIN SELECT RAISE(ABORT, 'Thông báo đã ban hành không thể sửa đổi.'); END",
    "DROP TRIGGER IF EXISTS inspections_noticerecipient_frozen_insert",
    "CREATE TRIGGER IF NOT EXISTS inspections_noticerecipient_frozen_insert BEFORE INSERT ON inspections_noticerecipient FOR EACH ROW WHEN (SELECT status FROM inspections_notice WHERE id = NEW.notice_id) = 'issued' BEGIN SELECT RAISE(ABORT, 'Thông báo đã ban hành không thể sửa đổi.'); END",
    "DROP TRIGGER IF EXISTS inspections_noticelegalbasis_frozen_insert",
    "CREATE TRIGGER IF NOT EXISTS inspections_noticelegalbasis_frozen_insert BEFORE INSERT ON inspections_noticelegalbasis FOR EACH ROW WHEN (SELECT status FROM inspections_notice WHERE id = NEW.notice_id) = 'issued' BEGIN SELECT RAISE(ABORT, 'Thông báo đã ban hành không thể sửa đổi.'); END",
    "DROP TRIGGER IF EXISTS inspections_auditevent_append_only_insert",
    "DROP TRIGGER IF EXISTS inspections_auditevent_append_only_update",
    "DROP TRIGGER IF EXISTS inspections_auditevent_append_only_delete",
]
POSTGRESQL_FUNCTION = """
CREATE OR REPLACE FUNCTION inspections_refuse() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'integrity_constraint_violation';
END $$ LANGUAGE plpgsql;
"""
POSTGRESQL_FORWARD = [
    POSTGRESQL_FUNCTION,
    "CREATE OR REPLACE TRIGGER inspections_auditevent_append_only BEFORE UPDATE OR DELETE ON inspections_auditevent FOR EACH ROW EXECUTE FUNCTION inspections_refuse('Nhật ký thay đổi chỉ được ghi thêm, không thể sửa hay xóa.')",
    "CREATE OR REPLACE TRIGGER inspections_notice_no_truncate BEFORE TRUNCATE ON inspections_notice FOR EACH STATEMENT EXECUTE FUNCTION inspections_refuse('Thông báo đã ban hành không thể sửa đổi.')",
    "CREATE OR REPLACE TRIGGER inspections_noticeitem_no_truncate BEFORE TRUNCATE ON inspections_noticeitem FOR EACH STATEMENT EXECUTE FUNCTION inspections_refuse('Thông báo đã ban hành không thể sửa đổi.')",
    "CREATE OR REPLACE TRIGGER inspections_noticerecipient_no_truncate BEFORE TRUNCATE ON inspections_noticerecipient FOR EACH STATEMENT EXECUTE FUNCTION inspections_refuse('Thông báo đã ban hành không thể sửa đổi.')",
    "CREATE OR REPLACE TRIGGER inspections_noticelegalbasis_no_truncate BEFORE TRUNCATE ON inspections_noticelegalbasis FOR EACH STATEMENT EXECUTE FUNCTION inspections_refuse('Thông báo đã ban hành không thể sửa đổi.')",
    "CREATE OR REPLACE TRIGGER inspections_auditevent_no_truncate BEFORE TRUNCATE ON inspections_auditevent FOR EACH STATEMENT EXECUTE FUNCTION inspections_refuse('Nhật ký thay đổi chỉ được ghi thêm, không thể sửa hay xóa.')",
]
POSTGRESQL_BACKWARD = [
    "DROP TRIGGER IF EXISTS inspections_auditevent_append_only ON inspections_auditevent",
    "DROP TRIGGER IF EXISTS inspections_notice_no_truncate ON inspections_notice",
    "DROP TRIGGER IF EXISTS inspections_noticeitem_no_truncate ON inspections_noticeitem",
    "DROP TRIGGER IF EXISTS inspections_noticerecipient_no_truncate ON inspections_noticerecipient",
    "DROP TRIGGER IF EXISTS inspections_noticelegalbasis_no_truncate ON inspections_noticelegalbasis",
    "DROP TRIGGER IF EXISTS inspections_auditevent_no_truncate ON inspections_auditevent",
    "DROP FUNCTION IF EXISTS inspections_refuse()",
]


def _run(schema_editor, forward: bool) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        statements = SQLITE_FORWARD if forward else SQLITE_BACKWARD
    elif vendor == "postgresql":
        statements = POSTGRESQL_FORWARD if forward else POSTGRESQL_BACKWARD
    else:
        return
    with schema_editor.connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def forward(apps, schema_editor):
    _run(schema_editor, True)


def backward(apps, schema_editor):
    _run(schema_editor, False)


class Migration(migrations.Migration):
    dependencies = [("inspections", "0015_notice_issued_snapshot")]

    operations = [migrations.RunPython(forward, backward)]
