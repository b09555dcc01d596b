"""Database triggers: an issued notice is immutable, and the audit trail append-only, even to raw SQL.

The model (`Notice.save()/delete()`, `NoticeQuerySet.update()`) and the services refuse
writes to issued notices; these triggers are the last guard (STYLE B1.4): the database
itself raises on UPDATE or DELETE of an issued `inspections_notice` row, and on INSERT,
UPDATE or DELETE of an item, recipient or legal-basis row that belongs to an issued notice.
The audit table (`inspections_auditevent`) takes INSERTs only.

What raw SQL tried around the row triggers, and what stops it:

- SQLite `INSERT OR REPLACE` deletes the conflicting row without firing its DELETE trigger
  unless `PRAGMA recursive_triggers` is on, and the notice table had no INSERT trigger. Now
  an INSERT that would replace an issued notice (same id, verification code or number), an
  issued notice's part or an audit line is refused by an INSERT trigger, which needs no
  pragma (`manage.py dbshell` does not run settings' init_command); and the app's connections
  turn `recursive_triggers` on (settings), so any other replace fires the DELETE guards.
- PostgreSQL `TRUNCATE` fires no row trigger: statement-level BEFORE TRUNCATE triggers refuse
  it on the notice table, its part tables and the audit table (a TRUNCATE … CASCADE reaching
  them fires them too).
- PostgreSQL `ALTER TABLE … DISABLE TRIGGER` needs the table's owner: production runs the app
  with a role that owns nothing (README "Production", `manage.py db_grants`).

Migrations 0002_notices, 0011 and 0012 installed them with frozen copies of this SQL (a
migration never imports live code, so editing this module does not rewrite history); this
module serves `manage.py flush` (drops and re-creates them around the flush), the system
check `inspections.E001` (inspections.checks: every guard present), and the post_migrate
handler that reinstalls a missing one (inspections.apps). Changing a trigger therefore means
a new migration as well as an edit here. On SQLite a later migration that rebuilds one of
these tables (SQLite's ALTER TABLE emulation copies the table and drops the old one, and its
triggers with it) must create them again; `migrate`'s post_migrate handler would too.
"""

MESSAGE = "Thông báo đã ban hành không thể sửa đổi."
AUDIT_MESSAGE = "Nhật ký thay đổi chỉ được ghi thêm, không thể sửa hay xóa."
NOTICE_TABLE = "inspections_notice"
AUDIT_TABLE = "inspections_auditevent"
PART_TABLES = ["inspections_noticeitem", "inspections_noticerecipient", "inspections_noticelegalbasis"]

# The one write an issued row takes: a notice issued on paper and imported without a file of
# ours gets the app's unsigned copy once (pdf, its hash and a verification code), nothing else.
PAPER_COPY_COLUMNS = ["pdf", "pdf_sha256", "verification_code", "updated_at"]
# Every other column of inspections_notice, which that write must leave as it was. A test
# compares this list with the table, so a new column cannot slip past the guard.
KEPT_COLUMNS = [
    "id", "kind", "plan_id", "inspection_id", "unit_check_id", "organization_id", "status",
    "symbol", "number", "year", "issued_on", "place", "title", "opening", "closing", "signer_id",
    "authority", "authority_title", "signer_title", "signer_name", "counterpart_title",
    "counterpart_name", "replaces_id", "created_by_id", "approved_by_id", "approved_at",
    "search_text", "imported", "source_file", "created_at", "issued_snapshot",
]  # fmt: skip
SQLITE_PAPER_COPY = (
    "OLD.imported = 1 AND OLD.pdf = '' AND NEW.pdf <> '' AND NEW.pdf_sha256 <> '' "
    "AND NEW.verification_code IS NOT NULL AND "
    + " AND ".join(f"NEW.{column} IS OLD.{column}" for column in KEPT_COLUMNS)
)
# Every SQLite connection runs this (settings' init_command): without it a REPLACE conflict
# deletes the old row without firing its DELETE trigger.
SQLITE_PRAGMA = "PRAGMA recursive_triggers = ON"


def _sqlite_parts(table: str) -> list[tuple[str, str]]:
    issued = "(SELECT status FROM inspections_notice WHERE id = {row}.notice_id) = 'issued'"
    # INSERT OR REPLACE of an issued notice's part under its id, moved to a draft: refused at
    # the insert, before the replace deletes the old row.
    replaced = (
        f"(SELECT n.status FROM {table} p JOIN inspections_notice n ON n.id = p.notice_id "
        "WHERE p.id = NEW.id) = 'issued'"
    )
    return [
        (
            f"{table}_frozen_insert",
            f"BEFORE INSERT ON {table} FOR EACH ROW WHEN {issued.format(row='NEW')} OR {replaced}",
        ),
        (
            f"{table}_frozen_update",
            f"BEFORE UPDATE ON {table} FOR EACH ROW "
            f"WHEN {issued.format(row='OLD')} OR {issued.format(row='NEW')}",
        ),
        (f"{table}_frozen_delete", f"BEFORE DELETE ON {table} FOR EACH ROW WHEN {issued.format(row='OLD')}"),
    ]


SQLITE_TRIGGERS = [
    (
        "inspections_notice_frozen_insert",
        # Any row INSERT OR REPLACE would delete: the same id, verification code or number.
        "BEFORE INSERT ON inspections_notice FOR EACH ROW WHEN EXISTS (SELECT 1 FROM inspections_notice "
        "WHERE status = 'issued' AND (id = NEW.id OR verification_code = NEW.verification_code "
        "OR (organization_id = NEW.organization_id AND year = NEW.year AND symbol = NEW.symbol "
        "AND number = NEW.number)))",
    ),
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
SQLITE_AUDIT_TRIGGERS = [
    (
        "inspections_auditevent_append_only_insert",  # INSERT OR REPLACE of an existing line
        f"BEFORE INSERT ON {AUDIT_TABLE} FOR EACH ROW "
        f"WHEN EXISTS (SELECT 1 FROM {AUDIT_TABLE} WHERE id = NEW.id)",
    ),
    ("inspections_auditevent_append_only_update", f"BEFORE UPDATE ON {AUDIT_TABLE} FOR EACH ROW"),
    ("inspections_auditevent_append_only_delete", f"BEFORE DELETE ON {AUDIT_TABLE} FOR EACH ROW"),
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

CREATE OR REPLACE FUNCTION inspections_refuse() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'integrity_constraint_violation';
END $$ LANGUAGE plpgsql;
"""
# (trigger, table, message) of the statement-level TRUNCATE guards.
POSTGRESQL_TRUNCATE_GUARDS = [
    *[(f"{table}_no_truncate", table, MESSAGE) for table in [NOTICE_TABLE, *PART_TABLES]],
    (f"{AUDIT_TABLE}_no_truncate", AUDIT_TABLE, AUDIT_MESSAGE),
]


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


def _postgresql_triggers() -> list[tuple[str, str, str]]:
    """(trigger, table, CREATE statement) of every PostgreSQL guard."""
    triggers = [
        (
            "inspections_notice_frozen",
            NOTICE_TABLE,
            "CREATE OR REPLACE TRIGGER inspections_notice_frozen BEFORE UPDATE OR DELETE "
            "ON inspections_notice FOR EACH ROW WHEN (OLD.status = 'issued') "
            "EXECUTE FUNCTION inspections_notice_frozen()",
        ),
        *[
            (
                f"{table}_frozen",
                table,
                f"CREATE OR REPLACE TRIGGER {table}_frozen BEFORE INSERT OR UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION inspections_notice_part_frozen()",
            )
            for table in PART_TABLES
        ],
        (
            f"{AUDIT_TABLE}_append_only",
            AUDIT_TABLE,
            f"CREATE OR REPLACE TRIGGER {AUDIT_TABLE}_append_only BEFORE UPDATE OR DELETE ON {AUDIT_TABLE} "
            f"FOR EACH ROW EXECUTE FUNCTION inspections_refuse('{AUDIT_MESSAGE}')",
        ),
    ]
    triggers += [
        (
            name,
            table,
            f"CREATE OR REPLACE TRIGGER {name} BEFORE TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION inspections_refuse('{message}')",
        )
        for name, table, message in POSTGRESQL_TRUNCATE_GUARDS
    ]
    return triggers


def triggers(vendor: str) -> list[tuple[str, str]]:
    """(trigger, table) of every guard on this database vendor."""
    register = [(name, REGISTER_TABLE) for name, _ in REGISTER_TRIGGERS]
    if vendor == "sqlite":
        return [
            (name, when.split(" ON ")[1].split()[0]) for name, when in SQLITE_TRIGGERS + SQLITE_AUDIT_TRIGGERS
        ] + register
    if vendor == "postgresql":
        return [(name, table) for name, table, _ in _postgresql_triggers()] + register
    return []


def trigger_names(vendor: str) -> list[str]:
    return [name for name, _ in triggers(vendor)]


def install_sql(vendor: str) -> list[str]:
    """Return the statements that create the triggers on this database vendor (idempotent)."""
    if vendor == "sqlite":
        return [
            f"CREATE TRIGGER IF NOT EXISTS {name} {when} BEGIN SELECT RAISE(ABORT, '{message}'); END"
            for triggers_, message in ((SQLITE_TRIGGERS, MESSAGE), (SQLITE_AUDIT_TRIGGERS, AUDIT_MESSAGE))
            for name, when in triggers_
        ]
    if vendor == "postgresql":
        return [POSTGRESQL_FUNCTIONS, *[create for _, _, create in _postgresql_triggers()]]
    return []


def uninstall_sql(vendor: str) -> list[str]:
    """Return the statements that drop the triggers (and, on PostgreSQL, their functions)."""
    if vendor == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {name}" for name in trigger_names(vendor)]
    if vendor == "postgresql":
        return [
            *[f"DROP TRIGGER IF EXISTS {name} ON {table}" for name, table in triggers(vendor)],
            "DROP FUNCTION IF EXISTS inspections_notice_frozen()",
            "DROP FUNCTION IF EXISTS inspections_notice_part_frozen()",
            "DROP FUNCTION IF EXISTS inspections_refuse()",
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


def installed(connection) -> set[str]:
    """Names of the guard triggers present and enabled in the database."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        elif connection.vendor == "postgresql":
            # A trigger switched off with ALTER TABLE … DISABLE TRIGGER guards nothing.
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgenabled <> 'D'")
        else:
            return set()
        return {row[0] for row in cursor.fetchall()}


def missing(connection) -> list[str]:
    """Guard triggers this database should have and has not (or has disabled)."""
    present = installed(connection)
    return [name for name in trigger_names(connection.vendor) if name not in present]


def grant_sql(role: str, database: str) -> list[str]:
    """The GRANTs that let `role` run the app on PostgreSQL while owning nothing.

    The app's role reads and writes rows, and nothing else: it cannot TRUNCATE, ALTER a table
    or DISABLE TRIGGER (all need the owner), and it may not even UPDATE or DELETE audit lines.
    An owner role runs `migrate`; the default privileges give the app role the same rights on
    the tables later migrations create (run this as that owner).
    """
    if not role.replace("_", "").isalnum() or not role[0].isalpha() or role.lower() != role:
        raise ValueError("Tên vai trò chỉ gồm chữ thường không dấu, chữ số và dấu gạch dưới.")
    return [
        f'GRANT CONNECT ON DATABASE "{database}" TO {role}',
        f"GRANT USAGE ON SCHEMA public TO {role}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}",
        f"REVOKE UPDATE, DELETE ON {AUDIT_TABLE} FROM {role}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {role}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {role}",
    ]
