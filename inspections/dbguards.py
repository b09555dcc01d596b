"""Database triggers that make an issued notice immutable even to raw SQL.

The model (`Notice.save()/delete()`, `NoticeQuerySet.update()`) and the services refuse
writes to issued notices; these triggers are the last guard (STYLE B1.4): the database
itself raises on UPDATE or DELETE of an issued `inspections_notice` row, and on INSERT,
UPDATE or DELETE of an item, recipient or legal-basis row that belongs to an issued notice.

Migration 0002_notices installed them with a frozen copy of this SQL (a migration never
imports live code, so editing this module does not rewrite history); this module serves
`manage.py flush`, which drops and re-creates them, and the test that checks they exist.
Changing a trigger therefore means a new migration as well as an edit here. On SQLite a later
migration that rebuilds one of these tables (SQLite's ALTER TABLE emulation copies the table
and drops the old one, and its triggers with it) must create them again.
"""

MESSAGE = "Thông báo đã ban hành không thể sửa đổi."
PART_TABLES = ["inspections_noticeitem", "inspections_noticerecipient", "inspections_noticelegalbasis"]

# The one write an issued row takes: a notice issued on paper and imported without a file of
# ours gets the app's unsigned copy once (pdf, its hash and a verification code), nothing else.
PAPER_COPY_COLUMNS = ["pdf", "pdf_sha256", "verification_code", "updated_at"]
# Every other column of inspections_notice, which that write must leave as it was. A test
# compares this list with the table, so a new column cannot slip past the guard.
KEPT_COLUMNS = [
    "id", "inspection_id", "organization_id", "status", "symbol", "number", "year", "issued_on",
    "place", "title", "opening", "closing", "signer_id", "authority", "authority_title",
    "signer_title", "signer_name", "replaces_id", "created_by_id", "approved_by_id", "approved_at",
    "search_text", "imported", "source_file", "created_at", "issued_snapshot",
]  # fmt: skip
SQLITE_PAPER_COPY = (
    "OLD.imported = 1 AND OLD.pdf = '' AND NEW.pdf <> '' AND NEW.pdf_sha256 <> '' "
    "AND NEW.verification_code IS NOT NULL AND "
    + " AND ".join(f"NEW.{column} IS OLD.{column}" for column in KEPT_COLUMNS)
)


def _sqlite_parts(table: str) -> list[tuple[str, str]]:
    issued = "(SELECT status FROM inspections_notice WHERE id = {row}.notice_id) = 'issued'"
    return [
        (f"{table}_frozen_insert", f"BEFORE INSERT ON {table} FOR EACH ROW WHEN {issued.format(row='NEW')}"),
        (
            f"{table}_frozen_update",
            f"BEFORE UPDATE ON {table} FOR EACH ROW "
            f"WHEN {issued.format(row='OLD')} OR {issued.format(row='NEW')}",
        ),
        (f"{table}_frozen_delete", f"BEFORE DELETE ON {table} FOR EACH ROW WHEN {issued.format(row='OLD')}"),
    ]


SQLITE_TRIGGERS = [
    (
        "inspections_notice_frozen_update",
        "BEFORE UPDATE ON inspections_notice FOR EACH ROW "
        f"WHEN OLD.status = 'issued' AND NOT ({SQLITE_PAPER_COPY})",
    ),
    (
        "inspections_notice_frozen_delete",
        "BEFORE DELETE ON inspections_notice FOR EACH ROW WHEN OLD.status = 'issued'",
    ),
    *[trigger for table in PART_TABLES for trigger in _sqlite_parts(table)],
]

POSTGRESQL_FUNCTIONS = f"""
CREATE OR REPLACE FUNCTION inspections_notice_frozen() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.imported AND OLD.pdf = '' AND NEW.pdf <> '' AND NEW.pdf_sha256 <> ''
     AND NEW.verification_code IS NOT NULL
     AND to_jsonb(NEW) - ARRAY{PAPER_COPY_COLUMNS!r}::text[]
       = to_jsonb(OLD) - ARRAY{PAPER_COPY_COLUMNS!r}::text[] THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
END $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION inspections_notice_part_frozen() RETURNS trigger AS $$
BEGIN
  IF (TG_OP <> 'INSERT' AND EXISTS (
        SELECT 1 FROM inspections_notice WHERE id = OLD.notice_id AND status = 'issued'))
     OR (TG_OP <> 'DELETE' AND EXISTS (
        SELECT 1 FROM inspections_notice WHERE id = NEW.notice_id AND status = 'issued')) THEN
    RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END $$ LANGUAGE plpgsql;
"""


# The outgoing register (issue 17, migration 0012/0013): a line is never deleted, and the line
# of a notice issued in the app never changes (a line entered by hand is corrected by the
# service, with a reason in the trail).
REGISTER_MESSAGE = (
    "Dòng sổ đăng ký văn bản đi không thể xóa; dòng của văn bản ban hành trong ứng dụng không thể sửa."
)
REGISTER_TABLE = "inspections_registerentry"
REGISTER_TRIGGERS = [
    (
        f"{REGISTER_TABLE}_frozen_update",
        f"BEFORE UPDATE ON {REGISTER_TABLE} FOR EACH ROW WHEN (OLD.notice_id IS NOT NULL)",
    ),
    (f"{REGISTER_TABLE}_frozen_delete", f"BEFORE DELETE ON {REGISTER_TABLE} FOR EACH ROW"),
]


def register_install_sql(vendor: str) -> list[str]:
    if vendor == "sqlite":
        return [
            f"CREATE TRIGGER IF NOT EXISTS {name} {when} BEGIN SELECT RAISE(ABORT, '{REGISTER_MESSAGE}'); END"
            for name, when in REGISTER_TRIGGERS
        ]
    if vendor == "postgresql":
        function = (
            f"CREATE OR REPLACE FUNCTION {REGISTER_TABLE}_frozen() RETURNS trigger AS $$ BEGIN "
            f"RAISE EXCEPTION '{REGISTER_MESSAGE}' USING ERRCODE = 'integrity_constraint_violation'; "
            "END $$ LANGUAGE plpgsql"
        )
        return [
            function,
            *[
                f"CREATE OR REPLACE TRIGGER {name} {when} EXECUTE FUNCTION {REGISTER_TABLE}_frozen()"
                for name, when in REGISTER_TRIGGERS
            ],
        ]
    return []


def register_uninstall_sql(vendor: str) -> list[str]:
    if vendor == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {name}" for name, _ in REGISTER_TRIGGERS]
    if vendor == "postgresql":
        return [
            *[f"DROP TRIGGER IF EXISTS {name} ON {REGISTER_TABLE}" for name, _ in REGISTER_TRIGGERS],
            f"DROP FUNCTION IF EXISTS {REGISTER_TABLE}_frozen()",
        ]
    return []


def trigger_names(vendor: str) -> list[str]:
    register = [name for name, _ in REGISTER_TRIGGERS] if vendor in ("sqlite", "postgresql") else []
    if vendor == "sqlite":
        return [name for name, _ in SQLITE_TRIGGERS] + register
    if vendor == "postgresql":
        return ["inspections_notice_frozen", *[f"{table}_frozen" for table in PART_TABLES]] + register
    return []


def install_sql(vendor: str) -> list[str]:
    """Return the statements that create the triggers on this database vendor."""
    if vendor == "sqlite":
        return [
            f"CREATE TRIGGER IF NOT EXISTS {name} {when} BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
            for name, when in SQLITE_TRIGGERS
        ]
    if vendor == "postgresql":
        statements = [POSTGRESQL_FUNCTIONS]
        statements.append(
            "CREATE OR REPLACE TRIGGER inspections_notice_frozen BEFORE UPDATE OR DELETE "
            "ON inspections_notice FOR EACH ROW WHEN (OLD.status = 'issued') "
            "EXECUTE FUNCTION inspections_notice_frozen()"
        )
        statements += [
            f"CREATE OR REPLACE TRIGGER {table}_frozen BEFORE INSERT OR UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION inspections_notice_part_frozen()"
            for table in PART_TABLES
        ]
        return statements
    return []


def uninstall_sql(vendor: str) -> list[str]:
    """Return the statements that drop the triggers (and, on PostgreSQL, their functions)."""
    if vendor == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {name}" for name in trigger_names(vendor)]
    if vendor == "postgresql":
        tables = ["inspections_notice", *PART_TABLES]
        statements = [
            f"DROP TRIGGER IF EXISTS {name} ON {table}"
            for name, table in zip(trigger_names(vendor), tables, strict=True)
        ]
        return [
            *statements,
            "DROP FUNCTION IF EXISTS inspections_notice_frozen()",
            "DROP FUNCTION IF EXISTS inspections_notice_part_frozen()",
        ]
    return []


def install(connection) -> None:
    """Create the triggers (idempotent)."""
    with connection.cursor() as cursor:
        for statement in install_sql(connection.vendor) + register_install_sql(connection.vendor):
            cursor.execute(statement)


def uninstall(connection) -> None:
    with connection.cursor() as cursor:
        for statement in uninstall_sql(connection.vendor) + register_uninstall_sql(connection.vendor):
            cursor.execute(statement)
