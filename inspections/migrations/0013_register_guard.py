"""Guard the outgoing register in the database (frozen copy of inspections/dbguards.py REGISTER_*).

A register line is never deleted, and the line of a notice issued in the app never changes,
even to raw SQL; lines entered by hand are corrected by the service, with a reason.
"""

from django.db import migrations

INSTALL = {
    "sqlite": [
        "CREATE TRIGGER IF NOT EXISTS inspections_registerentry_frozen_update BEFORE UPDATE ON inspections_registerentry FOR EACH ROW WHEN (OLD.notice_id IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'Dòng sổ đăng ký văn bản đi không thể xóa; dòng của văn bản ban hành trong ứng dụng không thể sửa.'); END",
        "CREATE TRIGGER IF NOT EXISTS inspections_registerentry_frozen_delete BEFORE DELETE ON inspections_registerentry FOR EACH ROW BEGIN SELECT RAISE(ABORT, 'Dòng sổ đăng ký văn bản đi không thể xóa; dòng của văn bản ban hành trong ứng dụng không thể sửa.'); END",
    ],
    "postgresql": [
        "CREATE OR REPLACE FUNCTION inspections_registerentry_frozen() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'Dòng sổ đăng ký văn bản đi không thể xóa; dòng của văn bản ban hành trong ứng dụng không thể sửa.' USING ERRCODE = 'integrity_constraint_violation'; END $$ LANGUAGE plpgsql",
        "CREATE OR REPLACE TRIGGER inspections_registerentry_frozen_update BEFORE UPDATE ON inspections_registerentry FOR EACH ROW WHEN (OLD.notice_id IS NOT NULL) EXECUTE FUNCTION inspections_registerentry_frozen()",
        "CREATE OR REPLACE TRIGGER inspections_registerentry_frozen_delete BEFORE DELETE ON inspections_registerentry FOR EACH ROW EXECUTE FUNCTION inspections_registerentry_frozen()",
    ],
}
UNINSTALL = {
    "sqlite": [
        "DROP TRIGGER IF EXISTS inspections_registerentry_frozen_update",
        "DROP TRIGGER IF EXISTS inspections_registerentry_frozen_delete",
    ],
    "postgresql": [
        "DROP TRIGGER IF EXISTS inspections_registerentry_frozen_update ON inspections_registerentry",
        "DROP TRIGGER IF EXISTS inspections_registerentry_frozen_delete ON inspections_registerentry",
        "DROP FUNCTION IF EXISTS inspections_registerentry_frozen()",
    ],
}


def run(statements):
    def apply(apps, schema_editor):
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("inspections", "0012_register_entries")]

    operations = [migrations.RunPython(run(INSTALL), run(UNINSTALL))]
