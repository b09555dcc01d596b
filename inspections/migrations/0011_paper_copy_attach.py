"""An issued notice imported from paper may receive the app's unsigned copy, once.

The only write the triggers let through to an issued `inspections_notice` row: an imported
notice with no file gets `pdf`, `pdf_sha256` and `verification_code` (and `updated_at`), every
other column unchanged. The SQL is frozen here (see 0002_notices); `inspections/dbguards.py`
holds the live copy for `manage.py flush` and the checks.
"""

from django.db import migrations

DROP_SQLITE = "DROP TRIGGER IF EXISTS inspections_notice_frozen_update"
SQLITE_NEW = "CREATE TRIGGER IF NOT EXISTS inspections_notice_frozen_update BEFORE UPDATE ON inspections_notice FOR EACH ROW WHEN OLD.status = 'issued' AND NOT (OLD.imported = 1 AND OLD.pdf = '' AND NEW.pdf <> '' AND NEW.pdf_sha256 <> '' AND NEW.verification_code IS NOT NULL AND NEW.id IS OLD.id AND NEW.inspection_id IS OLD.inspection_id AND NEW.organization_id IS OLD.organization_id AND NEW.status IS OLD.status AND NEW.symbol IS OLD.symbol AND NEW.number IS OLD.number AND NEW.year IS OLD.year AND NEW.issued_on IS OLD.issued_on AND NEW.place IS OLD.place AND NEW.title IS OLD.title AND NEW.opening IS OLD.opening AND NEW.closing IS OLD.closing AND NEW.signer_id IS OLD.signer_id AND NEW.authority IS OLD.authority AND NEW.authority_title IS OLD.authority_title AND NEW.signer_title IS OLD.signer_title AND NEW.signer_name IS OLD.signer_name AND NEW.replaces_id IS OLD.replaces_id AND NEW.created_by_id IS OLD.created_by_id AND NEW.approved_by_id IS OLD.approved_by_id AND NEW.approved_at IS OLD.approved_at AND NEW.search_text IS OLD.search_text AND NEW.imported IS OLD.imported AND NEW.source_file IS OLD.source_file AND NEW.created_at IS OLD.created_at) BEGIN SELECT RAISE(ABORT, 'Thông báo đã ban hành không thể sửa đổi.'); END"
SQLITE_OLD = "CREATE TRIGGER IF NOT EXISTS inspections_notice_frozen_update BEFORE UPDATE ON inspections_notice FOR EACH ROW WHEN OLD.status = 'issued' BEGIN SELECT RAISE(ABORT, 'Thông báo đã ban hành không thể sửa đổi.'); END"
POSTGRESQL_NEW = """
CREATE OR REPLACE FUNCTION inspections_notice_frozen() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.imported AND OLD.pdf = '' AND NEW.pdf <> '' AND NEW.pdf_sha256 <> ''
     AND NEW.verification_code IS NOT NULL
     AND to_jsonb(NEW) - ARRAY['pdf', 'pdf_sha256', 'verification_code', 'updated_at']::text[]
       = to_jsonb(OLD) - ARRAY['pdf', 'pdf_sha256', 'verification_code', 'updated_at']::text[] THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'Thông báo đã ban hành không thể sửa đổi.' USING ERRCODE = 'integrity_constraint_violation';
END $$ LANGUAGE plpgsql;
"""
POSTGRESQL_OLD = """
CREATE OR REPLACE FUNCTION inspections_notice_frozen() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'Thông báo đã ban hành không thể sửa đổi.' USING ERRCODE = 'integrity_constraint_violation';
END $$ LANGUAGE plpgsql;
"""


def _run(schema_editor, forward: bool) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        statements = [DROP_SQLITE, SQLITE_NEW if forward else SQLITE_OLD]
    elif vendor == "postgresql":
        statements = [POSTGRESQL_NEW if forward else POSTGRESQL_OLD]
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
    dependencies = [("inspections", "0010_i16_followup_kept")]

    operations = [migrations.RunPython(forward, backward)]
