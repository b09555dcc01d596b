"""Make issued notices immutable in the database itself (see inspections/dbguards.py)."""

from django.db import migrations

from inspections import dbguards


def install(apps, schema_editor):
    dbguards.install(schema_editor.connection)


def uninstall(apps, schema_editor):
    dbguards.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("inspections", "0001_initial")]

    operations = [migrations.RunPython(install, uninstall)]
