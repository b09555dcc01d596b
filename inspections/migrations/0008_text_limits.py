"""Length limits on the free text that reaches a PDF (issue 18).

State only: neither database enforces max_length on a TextField, and SQLite's schema editor
would otherwise rebuild each table (copy, drop, rename), dropping the issued-notice triggers
of inspections.dbguards with the old tables. The forms enforce the limits.
"""

from django.db import migrations, models

import inspections.text


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0007_i12_signing"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="criterion",
                    name="compliant_text",
                    field=models.TextField(
                        blank=True,
                        help_text="Dùng khi soạn thông báo, sau “Các phòng chuyên môn đã …”, ví dụ “thực hiện đúng các quy định về chức năng nhiệm vụ …”.",
                        max_length=1000,
                        validators=[inspections.text.check_printable],
                        verbose_name="câu kết luận khi đạt",
                    ),
                ),
                migrations.AlterField(
                    model_name="finding",
                    name="observation",
                    field=models.TextField(
                        max_length=5000,
                        validators=[inspections.text.check_printable],
                        verbose_name="nhận xét",
                    ),
                ),
                migrations.AlterField(
                    model_name="finding",
                    name="recommendation",
                    field=models.TextField(
                        blank=True,
                        max_length=5000,
                        validators=[inspections.text.check_printable],
                        verbose_name="kiến nghị",
                    ),
                ),
                migrations.AlterField(
                    model_name="followupreport",
                    name="text",
                    field=models.TextField(max_length=5000, verbose_name="kết quả khắc phục"),
                ),
                migrations.AlterField(
                    model_name="notice",
                    name="closing",
                    field=models.TextField(
                        blank=True,
                        max_length=10000,
                        validators=[inspections.text.check_printable],
                        verbose_name="phần kết luận, yêu cầu",
                    ),
                ),
                migrations.AlterField(
                    model_name="notice",
                    name="opening",
                    field=models.TextField(
                        blank=True,
                        max_length=10000,
                        validators=[inspections.text.check_printable],
                        verbose_name="phần mở đầu",
                    ),
                ),
                migrations.AlterField(
                    model_name="noticeitem",
                    name="text",
                    field=models.TextField(
                        max_length=5000,
                        validators=[inspections.text.check_printable],
                        verbose_name="nội dung",
                    ),
                ),
                migrations.AlterField(
                    model_name="unitcheck",
                    name="attendees",
                    field=models.TextField(blank=True, max_length=5000, verbose_name="thành phần làm việc"),
                ),
            ],
        ),
    ]
