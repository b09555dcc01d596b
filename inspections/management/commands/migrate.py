"""`manage.py migrate`, which also repairs missing database guards.

Its post_migrate handler (inspections.apps.install_guards) reinstalls any guard trigger that
is missing; the system check inspections.E001 reports one. Django's migrate runs the checks
before it starts, so without this it would refuse to run over the very problem it repairs.
"""

from django.core.management.commands import migrate

from inspections.checks import REPAIRING


class Command(migrate.Command):
    def check(self, *args, **kwargs):
        token = REPAIRING.set(True)
        try:
            return super().check(*args, **kwargs)
        finally:
            REPAIRING.reset(token)
