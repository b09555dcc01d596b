"""`manage.py flush`, able to empty a SQLite database that holds issued notices.

Issued notices are guarded by row triggers (inspections/dbguards.py). PostgreSQL's flush
uses TRUNCATE, which row triggers do not see; SQLite's flush deletes row by row, so the
triggers would refuse it. Emptying the whole database on purpose (the test runner between
transactional tests, a developer resetting) is not an edit of a notice: on SQLite the
triggers are dropped and re-created in the same transaction as the flush.
"""

from django.core.management.commands import flush
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from inspections import dbguards


class Command(flush.Command):
    def handle(self, **options):
        connection = connections[options.get("database") or DEFAULT_DB_ALIAS]
        if connection.vendor != "sqlite":
            return super().handle(**options)
        with transaction.atomic(using=connection.alias):
            dbguards.uninstall(connection)
            super().handle(**options)
            dbguards.install(connection)
