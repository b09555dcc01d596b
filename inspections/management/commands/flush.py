"""`manage.py flush`, able to empty a database that holds issued notices and an audit trail.

Issued notices and the audit trail are guarded by triggers (inspections/dbguards.py):
SQLite's flush deletes row by row, which the row triggers refuse, and PostgreSQL's uses
TRUNCATE, which the statement-level TRUNCATE guards refuse. Emptying the whole database on
purpose (the test runner between transactional tests, a developer resetting) is not an edit
of a notice: the triggers are dropped and re-created in the same transaction as the flush
(both engines roll DDL back with it). On PostgreSQL that needs the tables' owner, so the
app's production role (README "Production") cannot flush, by design.
"""

from django.core.management.commands import flush
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from inspections import dbguards


class Command(flush.Command):
    def handle(self, **options):
        connection = connections[options.get("database") or DEFAULT_DB_ALIAS]
        if connection.vendor not in ("sqlite", "postgresql"):
            return super().handle(**options)
        with transaction.atomic(using=connection.alias):
            dbguards.uninstall(connection)
            super().handle(**options)
            dbguards.install(connection)
