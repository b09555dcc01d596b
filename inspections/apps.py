from django.apps import AppConfig
from django.db.models.signals import post_migrate


class InspectionsConfig(AppConfig):
    name = "inspections"
    verbose_name = "Kiểm tra cải cách hành chính"

    def ready(self):
        from inspections.roles import sync_roles

        # post_migrate, not a data migration: Django creates this app's permissions in its
        # own post_migrate handler, which runs first because auth is listed earlier.
        post_migrate.connect(sync_roles, sender=self)
        post_migrate.connect(create_cache_tables, sender=self)
        post_migrate.connect(install_guards, sender=self)
        import inspections.checks  # noqa: F401  (registers the guard check)


def create_cache_tables(using, **kwargs) -> None:
    """Create the database cache's table (settings.CACHES["shared"]) if it is missing, so that
    `migrate` alone prepares a database; Django leaves it to `createcachetable` otherwise."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)


def install_guards(using, **kwargs) -> None:
    """Reinstall any missing guard trigger (inspections.dbguards), idempotently, once the
    database is at this app's latest migration: the live SQL fits only the latest tables, and
    a migration back to an older state must leave that state's own guards alone."""
    from django.db import connections
    from django.db.migrations.loader import MigrationLoader

    from inspections import dbguards

    connection = connections[using]
    loader = MigrationLoader(connection)
    if set(loader.graph.leaf_nodes("inspections")) <= set(loader.applied_migrations):
        dbguards.install(connection)
