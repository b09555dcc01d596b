"""The database cache table of CACHES["limits"] (the rate limits' counts, issue 18).

`manage.py createcachetable` is Django's deployment step for it; running it here means
`migrate` alone prepares a new or upgraded installation. It creates nothing when
LIMITS_CACHE_URL points at another kind of cache, and skips a table that exists.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("units", "0001_initial")]

    operations = [migrations.RunPython(create_cache_tables, migrations.RunPython.noop)]
