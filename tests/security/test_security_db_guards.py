"""Raw SQL around the guards: INSERT OR REPLACE (SQLite), TRUNCATE and DISABLE TRIGGER
(PostgreSQL), the audit trail's lines, and the check that says when a guard is gone."""

import io
import uuid

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db import DatabaseError, connection, transaction

from inspections import dbguards
from inspections.models import AuditEvent, Notice, NoticeItem

pytestmark = pytest.mark.django_db
sqlite_only = pytest.mark.skipif("connection.vendor != 'sqlite'", reason="an attack on SQLite")
postgresql_only = pytest.mark.skipif("connection.vendor != 'postgresql'", reason="an attack on PostgreSQL")
REFUSED = "Thông báo đã ban hành không thể sửa đổi"
APPEND_ONLY = "Nhật ký thay đổi chỉ được ghi thêm"


def execute(sql, params=()):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def row(notice):
    return Notice.objects.filter(pk=notice.pk).values().get()


def replace_sql(table, values: dict) -> tuple[str, list]:
    columns = ", ".join(values)
    marks = ", ".join(["%s"] * len(values))
    return f"INSERT OR REPLACE INTO {table} ({columns}) VALUES ({marks})", list(values.values())


@sqlite_only
def test_sqlite_connections_fire_delete_triggers_on_replace():
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA recursive_triggers")
        assert cursor.fetchone()[0] == 1


@sqlite_only
@pytest.mark.parametrize("conflict", ["id", "verification_code", "number"])
def test_insert_or_replace_of_an_issued_notice_is_refused(world, conflict):
    issued = world.notices["issued"]
    before = row(issued)
    forged = dict(before, title="Tiêu đề sửa bằng INSERT OR REPLACE", opening="Mở đầu giả")
    if conflict != "id":  # a new row that collides on another unique column
        forged.pop("id")
    if conflict == "number":
        forged["verification_code"] = "GIAMAO0001"
    with pytest.raises(DatabaseError, match=REFUSED):
        execute(*replace_sql("inspections_notice", forged))
    assert row(issued) == before


@sqlite_only
def test_replace_is_refused_even_on_a_connection_without_the_pragma(world):
    """`manage.py dbshell` opens the file without settings' init_command."""
    issued = world.notices["issued"]
    before = row(issued)
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA recursive_triggers = OFF")
    try:
        with pytest.raises(DatabaseError, match=REFUSED):
            execute(*replace_sql("inspections_notice", dict(before, title="Giả")))
    finally:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA recursive_triggers = ON")
    assert row(issued) == before


@sqlite_only
def test_insert_or_replace_of_an_issued_notices_item_is_refused(world):
    issued, draft = world.notices["issued"], world.notices["draft"]
    item = NoticeItem.objects.filter(notice=issued).order_by("position").first()
    for notice_id in (issued.pk, draft.pk):  # in place, or moved to a draft
        values = {"id": item.pk, "notice_id": notice_id, "position": 50, "text": "Mục giả"}
        with pytest.raises(DatabaseError, match=REFUSED):
            execute(*replace_sql("inspections_noticeitem", values))
    item.refresh_from_db()
    assert item.notice_id == issued.pk and item.text.startswith("Mục 1")


@sqlite_only
def test_insert_or_replace_of_an_audit_line_is_refused(world, inspector):
    from inspections.audit import record

    line = (
        AuditEvent.objects.filter(pk=record(world.finding, "finding.change", by=inspector).pk).values().get()
    )
    with pytest.raises(DatabaseError, match=APPEND_ONLY):
        execute(*replace_sql("inspections_auditevent", dict(line, action="notice.forged", data="{}")))
    assert AuditEvent.objects.get(pk=line["id"]).action == "finding.change"


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE inspections_auditevent SET action = 'x' WHERE id = %s",
        "DELETE FROM inspections_auditevent WHERE id = %s",
    ],
)
def test_audit_lines_cannot_be_changed_or_deleted(world, inspector, sql):
    from inspections.audit import record

    line = record(world.finding, "finding.change", by=inspector, data={"observation": "trước"})
    with pytest.raises(DatabaseError, match=APPEND_ONLY):
        execute(sql, [line.pk])
    assert AuditEvent.objects.get(pk=line.pk).action == "finding.change"


@postgresql_only
@pytest.mark.parametrize(
    "sql",
    [
        "TRUNCATE inspections_notice CASCADE",
        "TRUNCATE inspections_noticeitem",
        "TRUNCATE inspections_noticerecipient",
        "TRUNCATE inspections_noticelegalbasis",
        "TRUNCATE inspections_inspection CASCADE",  # reaches the notices through their foreign key
        "TRUNCATE inspections_auditevent",
    ],
)
def test_truncate_is_refused_even_to_the_tables_owner(world, inspector, sql):
    from inspections.audit import record

    record(world.finding, "finding.change", by=inspector)
    counts = (Notice.objects.count(), NoticeItem.objects.count(), AuditEvent.objects.count())
    with connection.cursor() as cursor:  # as in an attacker's own fresh transaction
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    with pytest.raises(DatabaseError, match=f"{REFUSED}|{APPEND_ONLY}"):
        execute(sql)
    assert (Notice.objects.count(), NoticeItem.objects.count(), AuditEvent.objects.count()) == counts


def test_a_missing_guard_fails_the_check_and_migrate_puts_it_back():
    name, table = dbguards.triggers(connection.vendor)[-1]
    call_command("check")  # all there
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TRIGGER {name}" + (f" ON {table}" if connection.vendor == "postgresql" else ""))
    with pytest.raises(SystemCheckError, match=f"inspections.E001.*{name}"):
        call_command("check")
    call_command("migrate", verbosity=0)
    call_command("check")
    assert name in dbguards.installed(connection)


@postgresql_only
def test_a_disabled_trigger_counts_as_missing():
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE inspections_notice DISABLE TRIGGER inspections_notice_frozen")
    assert dbguards.missing(connection) == ["inspections_notice_frozen"]
    with pytest.raises(SystemCheckError, match="inspections_notice_frozen"):
        call_command("check")


@sqlite_only
def test_a_connection_without_recursive_triggers_fails_the_check():
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA recursive_triggers = OFF")
    try:
        with pytest.raises(SystemCheckError, match="inspections.E002"):
            call_command("check")
    finally:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA recursive_triggers = ON")


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_the_apps_role_owns_nothing_yet_does_its_work(world, inspector):
    """Production's role (README): TRUNCATE and DISABLE TRIGGER refused, saving a finding works."""
    from inspections.forms.records import FindingForm
    from inspections.services.records import save_finding

    role, password = f"insp_app_{uuid.uuid4().hex[:8]}", uuid.uuid4().hex
    execute(f"CREATE ROLE {role} LOGIN PASSWORD '{password}'")
    call_command("db_grants", role, apply=True, verbosity=0, stdout=io.StringIO())
    owner = dict(connection.settings_dict)
    try:
        connection.close()
        connection.settings_dict.update(USER=role, PASSWORD=password, HOST=owner["HOST"] or "127.0.0.1")
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_user")
            assert cursor.fetchone()[0] == role
        for sql in (
            "TRUNCATE inspections_notice CASCADE",
            "TRUNCATE inspections_auditevent",
            "ALTER TABLE inspections_notice DISABLE TRIGGER inspections_notice_frozen",
            "ALTER TABLE inspections_auditevent DISABLE TRIGGER ALL",
            "DROP TRIGGER inspections_notice_frozen ON inspections_notice",
        ):
            with pytest.raises(DatabaseError, match="permission denied|must be owner"):
                execute(sql)
        with pytest.raises(DatabaseError, match="permission denied"):
            execute("DELETE FROM inspections_auditevent")
        finding = world.finding
        data = {
            "result": "noted",
            "observation": "Ghi nhận bằng vai trò của ứng dụng.",
            "version": finding.version,
        }
        form = FindingForm(data, instance=finding, unit_check=finding.unit_check, criterion=finding.criterion)
        assert form.is_valid(), form.errors
        save_finding(form, by=inspector, version=finding.version)
        finding.refresh_from_db()
        assert finding.observation == "Ghi nhận bằng vai trò của ứng dụng."
        assert AuditEvent.objects.about(finding).filter(action="finding.change").exists()
        assert dbguards.missing(connection) == []
    finally:
        connection.close()
        connection.settings_dict.update(USER=owner["USER"], PASSWORD=owner["PASSWORD"], HOST=owner["HOST"])
        execute(f"DROP OWNED BY {role}")
        execute(f"DROP ROLE {role}")
