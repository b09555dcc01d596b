"""Finding.withdrawn: a shortcoming withdrawn on its follow-up page, stored on the finding
so that the API's follow-up list ("shortcomings and withdrawn ones") is one condition on one
table, served by a partial index, instead of an OR across a join to the follow-ups.

Existing rows: a finding that is no longer a shortcoming but has a follow-up is one withdrawn
(the services change a followed shortcoming's result only by withdrawing it), which is
exactly what the list selected before.
"""

from django.db import migrations, models


def mark_withdrawn(apps, schema_editor):
    Finding = apps.get_model("inspections", "Finding")
    Finding.objects.exclude(result="shortcoming").filter(followup__isnull=False).update(withdrawn=True)


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0018_minutes_scans"),
    ]

    operations = [
        migrations.AddField(
            model_name="finding",
            name="withdrawn",
            field=models.BooleanField(default=False, editable=False, verbose_name="đã rút lại tồn tại"),
        ),
        migrations.RunPython(mark_withdrawn, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="finding",
            index=models.Index(
                condition=models.Q(("result", "shortcoming"), ("withdrawn", True), _connector="OR"),
                fields=["due_on", "id"],
                name="finding_followed_due",
            ),
        ),
        migrations.AddConstraint(
            model_name="finding",
            constraint=models.CheckConstraint(
                condition=models.Q(("result", "shortcoming"), ("withdrawn", True), _negated=True),
                name="finding_withdrawn_is_no_shortcoming",
            ),
        ),
    ]
