"""Make issued notices immutable in the database itself.

The SQL is frozen here as it was when this migration was written, so that editing
`inspections/dbguards.py` (which `manage.py flush` and the tests use) never changes what
this migration did. A change to the triggers is a new migration.
"""

from django.db import migrations

SQLITE_INSTALL = [
    "CREATE TRIGGER IF NOT EXISTS inspections_notice_frozen_update BEFORE UPDATE ON inspections_notice FOR EACH ROW WHEN OLD.status = 'issued' BEGIN SELECT RAISE(ABORT, 'Thông báo đã ban hành không thể sửa đổi.'); END",
    "CREATE TRIGGER IF NOT EXISTS inspections_notice_frozen_delete BEFORE DELETE ON inspections_notice FOR EACH ROW WHEN OLD.status = 'issued' BEGIN SELECT RAISE(ABORT, 'Thông báo đã ban hành không thể sửa đổi.'); END",
    "CREATE TRIGGER IF NOT EXISTS inspections_noticeitem_frozen_insert BEFORE INSERT ON inspections_noticeitem FOR EACH ROW WHEN (SELECT status FROM inspections_notice WHERE id = NEW.notice_id) = 'issued' BEGIN SELECT RAISE(ABORT, 'Thông báo đã ban hành không thể sửa đổi.'); END",
    "CREATE TRIGGER IF NOT EXISTS inspections_noticeitem_frozen_update BEFORE UPDATE ON inspections_noticeitem FOR EACH ROW WHEN (SELECT status FROM inspections_notice WHERE id = OLD.notice_id) = 'issued' OR (SELECT status FROM inspections_notice WHERE id = NEW.notice_id) = 'issued' BEGIN SELECT RAISE(ABORT, 'Thông báo đã ban hành không thể sửa đổi.'); END",
    "CREATE TRIGGER IF NOT EXISTS inspections_noticeitem_frozen_delete BEFORE DELETE ON inspections_noticeitem FOR EACH ROW WHEN (SELECT status FROM inspections_notice WHERE id = OLD.notice_id) = 'issued' BEGIN SELECT RAISE(ABORT, 'Thông báo đã ban hành không thể sửa đổi.'); END",
    "CREATE TRIGGER IF NOT EXISTS inspections_noticerecipient_frozen_insert BEFORE INSERT ON inspections_noticerecipient FOR EACH ROW WHEN (SELECT status FROM inspections_notice WHERE id = NEW.notice_id) = 'issued' BEGIN SELECT RAISE(ABORT, 'Thông báo đã ban hành không thể sửa đổi.'); END",
    "CREATE TRIGGER IF NOT EXISTS inspections_noticerecipient_frozen_update BEFORE UPDATE ON inspections_noticerecipient FOR EACH ROW WHEN (SELECT status FROM inspections_notice WHERE id = OLD.notice_id) = 'issued' OR (SELECT status FROM inspections_notice WHERE id = NEW.notice_id) = 'issued' BEGIN SELECT RAISE(ABORT, 'Thông báo đã ban hành không thể sửa đổi.'); END",
    "CREATE TRIGGER IF NOT EXISTS inspections_noticerecipient_frozen_delete BEFORE DELETE ON inspections_noticerecipient FOR EACH ROW WHEN (SELECT status FROM inspections_notice WHERE id = OLD.notice_id) = 'issued' BEGIN SELECT RAISE(ABORT, 'Thông báo đã ban hành không thể sửa đổi.'); END",
    "CREATE TRIGGER IF NOT EXISTS inspections_noticelegalbasis_frozen_insert BEFORE INSERT ON inspections_noticelegalbasis FOR EACH ROW WHEN (SELECT status FROM inspections_notice WHERE id = NEW.notice_id) = 'issued' BEGIN SELECT RAISE(ABORT, 'Thông báo đã ban hành không thể sửa đổi.'); END",
    "CREATE TRIGGER IF NOT EXISTS inspections_noticelegalbasis_frozen_update BEFORE UPDATE ON inspections_noticelegalbasis FOR EACH ROW WHEN (SELECT status FROM inspections_notice WHERE id = OLD.notice_id) = 'issued' OR (SELECT status FROM inspections_notice WHERE id = NEW.notice_id) = 'issued' BEGIN SELECT RAISE(ABORT, 'Thông báo đã ban hành không thể sửa đổi.'); END",
    "CREATE TRIGGER IF NOT EXISTS inspections_noticelegalbasis_frozen_delete BEFORE DELETE ON inspections_noticelegalbasis FOR EACH ROW WHEN (SELECT status FROM inspections_notice WHERE id = OLD.notice_id) = 'issued' BEGIN SELECT RAISE(ABORT, 'Thông báo đã ban hành không thể sửa đổi.'); END",
]

SQLITE_UNINSTALL = [
    "DROP TRIGGER IF EXISTS inspections_notice_frozen_update",
    "DROP TRIGGER IF EXISTS inspections_notice_frozen_delete",
    "DROP TRIGGER IF EXISTS inspections_noticeitem_frozen_insert",
    "DROP TRIGGER IF EXISTS inspections_noticeitem_frozen_update",
    "DROP TRIGGER IF EXISTS inspections_noticeitem_frozen_delete",
    "DROP TRIGGER IF EXISTS inspections_noticerecipient_frozen_insert",
    "DROP TRIGGER IF EXISTS inspections_noticerecipient_frozen_update",
    "DROP TRIGGER IF EXISTS inspections_noticerecipient_frozen_delete",
    "DROP TRIGGER IF EXISTS inspections_noticelegalbasis_frozen_insert",
    "DROP TRIGGER IF EXISTS inspections_noticelegalbasis_frozen_update",
    "DROP TRIGGER IF EXISTS inspections_noticelegalbasis_frozen_delete",
]

POSTGRESQL_FUNCTIONS = """
CREATE OR REPLACE FUNCTION inspections_notice_frozen() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'Thông báo đã ban hành không thể sửa đổi.' USING ERRCODE = 'integrity_constraint_violation';
END $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION inspections_notice_part_frozen() RETURNS trigger AS $$
BEGIN
  IF (TG_OP <> 'INSERT' AND EXISTS (
        SELECT 1 FROM inspections_notice WHERE id = OLD.notice_id AND status = 'issued'))
     OR (TG_OP <> 'DELETE' AND EXISTS (
        SELECT 1 FROM inspections_notice WHERE id = NEW.notice_id AND status = 'issued')) THEN
    RAISE EXCEPTION 'Thông báo đã ban hành không thể sửa đổi.' USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END $$ LANGUAGE plpgsql;
"""

POSTGRESQL_INSTALL = [
    POSTGRESQL_FUNCTIONS,
    "CREATE OR REPLACE TRIGGER inspections_notice_frozen BEFORE UPDATE OR DELETE ON inspections_notice FOR EACH ROW WHEN (OLD.status = 'issued') EXECUTE FUNCTION inspections_notice_frozen()",
    "CREATE OR REPLACE TRIGGER inspections_noticeitem_frozen BEFORE INSERT OR UPDATE OR DELETE ON inspections_noticeitem FOR EACH ROW EXECUTE FUNCTION inspections_notice_part_frozen()",
    "CREATE OR REPLACE TRIGGER inspections_noticerecipient_frozen BEFORE INSERT OR UPDATE OR DELETE ON inspections_noticerecipient FOR EACH ROW EXECUTE FUNCTION inspections_notice_part_frozen()",
    "CREATE OR REPLACE TRIGGER inspections_noticelegalbasis_frozen BEFORE INSERT OR UPDATE OR DELETE ON inspections_noticelegalbasis FOR EACH ROW EXECUTE FUNCTION inspections_notice_part_frozen()",
]

POSTGRESQL_UNINSTALL = [
    "DROP TRIGGER IF EXISTS inspections_notice_frozen ON inspections_notice",
    "DROP TRIGGER IF EXISTS inspections_noticeitem_frozen ON inspections_noticeitem",
    "DROP TRIGGER IF EXISTS inspections_noticerecipient_frozen ON inspections_noticerecipient",
    "DROP TRIGGER IF EXISTS inspections_noticelegalbasis_frozen ON inspections_noticelegalbasis",
    "DROP FUNCTION IF EXISTS inspections_notice_frozen()",
    "DROP FUNCTION IF EXISTS inspections_notice_part_frozen()",
]


STATEMENTS = {
    "sqlite": (SQLITE_INSTALL, SQLITE_UNINSTALL),
    "postgresql": (POSTGRESQL_INSTALL, POSTGRESQL_UNINSTALL),
}


def _run(schema_editor, which: int) -> None:
    statements = STATEMENTS.get(schema_editor.connection.vendor, ((), ()))[which]
    with schema_editor.connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def install(apps, schema_editor):
    _run(schema_editor, 0)


def uninstall(apps, schema_editor):
    _run(schema_editor, 1)


class Migration(migrations.Migration):
    dependencies = [("inspections", "0001_initial")]

    operations = [migrations.RunPython(install, uninstall)]
