"""The round's paperwork (issue 13): a cited document knows the document issued here that it
stands for; every notice gets a kind (the ones so far are notices of
results) and its plan (from its round); a round's team gets its leader and secretary; a visit
its hours.

Filling `plan` writes issued rows, which the guards refuse: on PostgreSQL they are switched off
for that one statement and on again. SQLite rebuilds the notice table for the new constraints,
which it refuses while the guards name the table: they are dropped first and created again at
the end, the notice's with the new columns in the paper-copy rule (the SQL frozen as of this
migration; inspections/dbguards.py holds the live copy).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import inspections.text

SQLITE_NOTICE_TRIGGERS = [
    "CREATE TRIGGER IF NOT EXISTS inspections_notice_frozen_insert BEFORE INSERT ON inspections_notice FOR EACH ROW WHEN EXISTS (SELECT 1 FROM inspections_notice WHERE status = 'issued' AND (id = NEW.id OR verification_code = NEW.verification_code OR (organization_id = NEW.organization_id AND year = NEW.year AND symbol = NEW.symbol AND number = NEW.number))) BEGIN SELECT RAISE(ABORT, 'Thông báo đã ban hành không thể sửa đổi.'); END",
    "CREATE TRIGGER IF NOT EXISTS inspections_notice_frozen_update BEFORE UPDATE ON inspections_notice FOR EACH ROW WHEN OLD.status = 'issued' AND NOT (OLD.imported = 1 AND OLD.pdf = '' AND NEW.pdf <> '' AND NEW.pdf_sha256 <> '' AND NEW.verification_code IS NOT NULL AND NEW.id IS OLD.id AND NEW.kind IS OLD.kind AND NEW.plan_id IS OLD.plan_id AND NEW.inspection_id IS OLD.inspection_id AND NEW.unit_check_id IS OLD.unit_check_id AND NEW.organization_id IS OLD.organization_id AND NEW.status IS OLD.status AND NEW.symbol IS OLD.symbol AND NEW.number IS OLD.number AND NEW.year IS OLD.year AND NEW.issued_on IS OLD.issued_on AND NEW.place IS OLD.place AND NEW.title IS OLD.title AND NEW.opening IS OLD.opening AND NEW.closing IS OLD.closing AND NEW.signer_id IS OLD.signer_id AND NEW.authority IS OLD.authority AND NEW.authority_title IS OLD.authority_title AND NEW.signer_title IS OLD.signer_title AND NEW.signer_name IS OLD.signer_name AND NEW.counterpart_title IS OLD.counterpart_title AND NEW.counterpart_name IS OLD.counterpart_name AND NEW.replaces_id IS OLD.replaces_id AND NEW.created_by_id IS OLD.created_by_id AND NEW.approved_by_id IS OLD.approved_by_id AND NEW.approved_at IS OLD.approved_at AND NEW.search_text IS OLD.search_text AND NEW.imported IS OLD.imported AND NEW.source_file IS OLD.source_file AND NEW.created_at IS OLD.created_at AND NEW.issued_snapshot IS OLD.issued_snapshot) BEGIN SELECT RAISE(ABORT, 'Thông báo đã ban hành không thể sửa đổi.'); END",
    "CREATE TRIGGER IF NOT EXISTS inspections_notice_frozen_delete BEFORE DELETE ON inspections_notice FOR EACH ROW WHEN OLD.status = 'issued' BEGIN SELECT RAISE(ABORT, 'Thông báo đã ban hành không thể sửa đổi.'); END",
    "CREATE TRIGGER IF NOT EXISTS inspections_noticeitem_frozen_insert BEFORE INSERT ON inspections_noticeitem FOR EACH ROW WHEN (SELECT status FROM inspections_notice WHERE id = NEW.notice_id) = 'issued' OR (SELECT n.status FROM inspections_noticeitem p JOIN inspections_notice n ON n.id = p.notice_id WHERE p.id = NEW.id) = 'issued' BEGIN SELECT RAISE(ABORT, 'Thông báo đã ban hành không thể sửa đổi.'); END",
    "CREATE TRIGGER IF NOT EXISTS inspections_noticeitem_frozen_update BEFORE UPDATE ON inspections_noticeitem FOR EACH ROW WHEN (SELECT status FROM inspections_notice WHERE id = OLD.notice_id) = 'issued' OR (SELECT status FROM inspections_notice WHERE id = NEW.notice_id) = 'issued' BEGIN SELECT RAISE(ABORT, 'Thông báo đã ban hành không thể sửa đổi.'); END",
    "CREATE TRIGGER IF NOT EXISTS inspections_noticeitem_frozen_delete BEFORE DELETE ON inspections_noticeitem FOR EACH ROW WHEN (SELECT status FROM inspections_notice WHERE id = OLD.notice_id) = 'issued' BEGIN SELECT RAISE(ABORT, 'Thông báo đã ban hành không thể sửa đổi.'); END",
    "CREATE TRIGGER IF NOT EXISTS inspections_noticerecipient_frozen_insert BEFORE INSERT ON inspections_noticerecipient FOR EACH ROW WHEN (SELECT status FROM inspections_notice WHERE id = NEW.notice_id) = 'issued' OR (SELECT n.status FROM inspections_noticerecipient p JOIN inspections_notice n ON n.id = p.notice_id WHERE p.id = NEW.id) = 'issued' BEGIN SELECT RAISE(ABORT, 'Thông báo đã ban hành không thể sửa đổi.'); END",
    "CREATE TRIGGER IF NOT EXISTS inspections_noticerecipient_frozen_update BEFORE UPDATE ON inspections_noticerecipient FOR EACH ROW WHEN (SELECT status FROM inspections_notice WHERE id = OLD.notice_id) = 'issued' OR (SELECT status FROM inspections_notice WHERE id = NEW.notice_id) = 'issued' BEGIN SELECT RAISE(ABORT, 'Thông báo đã ban hành không thể sửa đổi.'); END",
    "CREATE TRIGGER IF NOT EXISTS inspections_noticerecipient_frozen_delete BEFORE DELETE ON inspections_noticerecipient FOR EACH ROW WHEN (SELECT status FROM inspections_notice WHERE id = OLD.notice_id) = 'issued' BEGIN SELECT RAISE(ABORT, 'Thông báo đã ban hành không thể sửa đổi.'); END",
    "CREATE TRIGGER IF NOT EXISTS inspections_noticelegalbasis_frozen_insert BEFORE INSERT ON inspections_noticelegalbasis FOR EACH ROW WHEN (SELECT status FROM inspections_notice WHERE id = NEW.notice_id) = 'issued' OR (SELECT n.status FROM inspections_noticelegalbasis p JOIN inspections_notice n ON n.id = p.notice_id WHERE p.id = NEW.id) = 'issued' BEGIN SELECT RAISE(ABORT, 'Thông báo đã ban hành không thể sửa đổi.'); END",
    "CREATE TRIGGER IF NOT EXISTS inspections_noticelegalbasis_frozen_update BEFORE UPDATE ON inspections_noticelegalbasis FOR EACH ROW WHEN (SELECT status FROM inspections_notice WHERE id = OLD.notice_id) = 'issued' OR (SELECT status FROM inspections_notice WHERE id = NEW.notice_id) = 'issued' BEGIN SELECT RAISE(ABORT, 'Thông báo đã ban hành không thể sửa đổi.'); END",
    "CREATE TRIGGER IF NOT EXISTS inspections_noticelegalbasis_frozen_delete BEFORE DELETE ON inspections_noticelegalbasis FOR EACH ROW WHEN (SELECT status FROM inspections_notice WHERE id = OLD.notice_id) = 'issued' BEGIN SELECT RAISE(ABORT, 'Thông báo đã ban hành không thể sửa đổi.'); END",
]  # fmt: skip


def drop_sqlite_guards(apps, schema_editor):
    # Rebuilding the notice table renames it, which SQLite refuses while triggers on the part
    # tables name it: every guard that names it goes until the end of this migration.
    connection = schema_editor.connection
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for statement in SQLITE_NOTICE_TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {statement.split()[5]}")


def fill_plans(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE inspections_notice DISABLE TRIGGER USER")
        cursor.execute(
            "UPDATE inspections_notice SET plan_id = (SELECT plan_id FROM inspections_inspection "
            "WHERE inspections_inspection.id = inspections_notice.inspection_id)"
        )
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE inspections_notice ENABLE TRIGGER USER")


NEW_COLUMNS = ["kind", "plan_id", "unit_check_id", "counterpart_title", "counterpart_name"]
# The guards as they were before this migration: the paper-copy rule without the new columns.
SQLITE_OLD_TRIGGERS = list(SQLITE_NOTICE_TRIGGERS)
for _column in NEW_COLUMNS:
    SQLITE_OLD_TRIGGERS = [s.replace(f"NEW.{_column} IS OLD.{_column} AND ", "") for s in SQLITE_OLD_TRIGGERS]


def _create(schema_editor, statements) -> None:
    connection = schema_editor.connection
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(f"DROP TRIGGER IF EXISTS {statement.split()[5]}")
            cursor.execute(statement)


def recreate_sqlite_guards(apps, schema_editor):
    _create(schema_editor, SQLITE_NOTICE_TRIGGERS)


def restore_old_sqlite_guards(apps, schema_editor):
    _create(schema_editor, SQLITE_OLD_TRIGGERS)


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0016_guards_replace_truncate_audit"),
        ("units", "0003_organization_numbering"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(drop_sqlite_guards, restore_old_sqlite_guards),
        migrations.AlterModelOptions(
            name="notice",
            options={
                "ordering": ["-created_at"],
                "permissions": [
                    ("submit_notice", "Trình dự thảo thông báo"),
                    ("approve_notice", "Duyệt hoặc trả lại thông báo"),
                    ("issue_notice", "Cấp số và ban hành thông báo"),
                ],
                "verbose_name": "văn bản",
                "verbose_name_plural": "văn bản của đợt kiểm tra",
            },
        ),
        migrations.AddField(
            model_name="inspection",
            name="team_leader",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="trưởng đoàn",
            ),
        ),
        migrations.AddField(
            model_name="inspection",
            name="team_secretary",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="thư ký đoàn",
            ),
        ),
        migrations.AddField(
            model_name="notice",
            name="counterpart_name",
            field=models.CharField(
                blank=True,
                max_length=150,
                validators=[inspections.text.check_printable],
                verbose_name="họ tên người ký của đơn vị được kiểm tra",
            ),
        ),
        migrations.AddField(
            model_name="notice",
            name="counterpart_title",
            field=models.CharField(
                blank=True,
                max_length=150,
                validators=[inspections.text.check_printable],
                verbose_name="chức vụ người ký của đơn vị được kiểm tra",
            ),
        ),
        migrations.AddField(
            model_name="notice",
            name="kind",
            field=models.CharField(
                choices=[
                    ("plan", "Kế hoạch kiểm tra"),
                    ("decision", "Quyết định thành lập Đoàn kiểm tra"),
                    ("schedule", "Thông báo lịch kiểm tra"),
                    ("minutes", "Biên bản kiểm tra"),
                    ("results", "Thông báo kết quả kiểm tra"),
                    ("report", "Báo cáo kết quả kiểm tra"),
                ],
                default="results",
                max_length=10,
                verbose_name="loại văn bản",
            ),
        ),
        migrations.AddField(
            model_name="notice",
            name="plan",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="documents",
                to="inspections.inspectionplan",
                verbose_name="kế hoạch kiểm tra",
            ),
        ),
        migrations.RunPython(fill_plans, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="notice",
            name="plan",
            field=models.ForeignKey(
                blank=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="documents",
                to="inspections.inspectionplan",
                verbose_name="kế hoạch kiểm tra",
            ),
        ),
        migrations.AddField(
            model_name="notice",
            name="unit_check",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="minutes_documents",
                to="inspections.unitcheck",
                verbose_name="kiểm tra tại đơn vị",
            ),
        ),
        migrations.AddField(
            model_name="unitcheck",
            name="ends_at",
            field=models.TimeField(blank=True, null=True, verbose_name="giờ kết thúc"),
        ),
        migrations.AddField(
            model_name="unitcheck",
            name="starts_at",
            field=models.TimeField(blank=True, null=True, verbose_name="giờ bắt đầu"),
        ),
        migrations.AlterField(
            model_name="notice",
            name="inspection",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="notices",
                to="inspections.inspection",
                verbose_name="đợt kiểm tra",
            ),
        ),
        migrations.AddConstraint(
            model_name="notice",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("kind__in", ["schedule", "results", "minutes"]), _negated=True),
                    ("inspection__isnull", False),
                    _connector="OR",
                ),
                name="notice_round_documents_have_round",
            ),
        ),
        migrations.AddConstraint(
            model_name="notice",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("kind", "minutes"), _negated=True),
                    ("unit_check__isnull", False),
                    _connector="OR",
                ),
                name="notice_minutes_have_visit",
            ),
        ),
        migrations.AddField(
            model_name="referencedocument",
            name="source_document",
            field=models.OneToOneField(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="citation_record",
                to="inspections.notice",
                verbose_name="văn bản ban hành trong ứng dụng",
            ),
        ),
        migrations.RunPython(recreate_sqlite_guards, drop_sqlite_guards),
    ]
