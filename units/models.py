from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from inspections.text import check_printable


class OrganizationQuerySet(models.QuerySet):
    def default(self):
        """The board this installation serves: the first organisation created (None if none yet)."""
        return self.order_by("pk").first()


class Organization(models.Model):
    """The issuing body (cơ quan ban hành): the board itself."""

    class Numbering(models.TextChoices):
        # Decree 30 (Điều 15) leaves the series of administrative documents to the head.
        ONE_SERIES = "one_series", "Một dãy số chung cho mọi loại văn bản"
        PER_KIND = "per_kind", "Mỗi loại văn bản một dãy số"

    # Printed in every document's header and signing block: only characters the print fonts have.
    name = models.CharField("tên cơ quan", max_length=200, validators=[check_printable])
    parent_name = models.CharField(
        "cơ quan chủ quản", max_length=200, blank=True, validators=[check_printable]
    )
    abbreviation = models.CharField(
        "chữ viết tắt",
        max_length=20,
        validators=[check_printable],
        help_text="Dùng trong ký hiệu văn bản, ví dụ BQL trong 2880/TB-BQL.",
    )
    place = models.CharField(
        "địa danh", max_length=100, help_text="Ví dụ: Hải Phòng.", validators=[check_printable]
    )
    address = models.CharField("địa chỉ", max_length=300, blank=True)
    head_title = models.CharField(
        "chức vụ người đứng đầu", max_length=100, default="Trưởng ban", validators=[check_printable]
    )
    archive_code = models.CharField(
        "ký hiệu nơi lưu",
        max_length=50,
        validators=[check_printable],
        default="VT, VP",
        help_text="Dòng cuối Nơi nhận: “Lưu: VT, VP.”",
    )
    numbering = models.CharField(
        "cách đánh số văn bản đi",
        max_length=20,
        choices=Numbering,
        default=Numbering.ONE_SERIES,
        help_text="Ban đánh số mọi loại văn bản theo một dãy chung trong năm (146/KH, 810/KH, 2335/TB …). "
        "Nên đổi vào đầu năm: số đã cấp giữ dãy của chúng.",
    )
    number_gap_limit = models.PositiveSmallIntegerField(
        "số bỏ trống tối đa không cần xác nhận",
        default=5,
        validators=[MinValueValidator(0), MaxValueValidator(1000)],
        help_text="Nhập số vượt số tiếp theo còn trống quá chừng này thì phải xác nhận khoảng bỏ trống.",
    )

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = "cơ quan"
        verbose_name_plural = "cơ quan"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["abbreviation"], name="organization_abbreviation_unique"),
        ]

    def __str__(self):
        return self.name


class UnitQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)

    def departments(self):
        return self.filter(kind=Unit.Kind.DEPARTMENT)

    def service_units(self):
        return self.filter(kind=Unit.Kind.SERVICE_UNIT)


class Unit(models.Model):
    """An inspected unit: a specialised department or a public service unit."""

    class Kind(models.TextChoices):
        DEPARTMENT = "department", "Phòng chuyên môn"
        SERVICE_UNIT = "service_unit", "Đơn vị sự nghiệp trực thuộc"

    organization = models.ForeignKey(
        Organization, models.PROTECT, related_name="units", verbose_name="cơ quan"
    )
    name = models.CharField("tên đơn vị", max_length=200, validators=[check_printable])
    short_name = models.CharField(
        "tên viết tắt",
        max_length=100,
        validators=[check_printable],
        help_text="Tên dùng trong Nơi nhận, ví dụ “Trường Trung cấp KKT”.",
    )
    kind = models.CharField("loại", max_length=20, choices=Kind)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    active = models.BooleanField("đang hoạt động", default=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = "phòng / đơn vị"
        verbose_name_plural = "phòng / đơn vị"
        ordering = ["kind", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="unit_name_unique_per_org"),
        ]

    def __str__(self):
        return self.name


class User(AbstractUser):
    """A person who works with the app; signers need their position title."""

    full_name = models.CharField("họ và tên", max_length=150, blank=True, validators=[check_printable])
    title = models.CharField(
        "chức vụ",
        max_length=150,
        blank=True,
        help_text="Ví dụ: Phó Trưởng ban, Chuyên viên.",
        validators=[check_printable],
    )
    unit = models.ForeignKey(
        Unit,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        verbose_name="phòng / đơn vị công tác",
    )

    class Meta:
        verbose_name = "người dùng"
        verbose_name_plural = "người dùng"
        ordering = ["full_name", "username"]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.full_name or self.get_full_name() or self.username
