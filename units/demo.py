"""Demo data for the board: organisation, its 11 units, signers and one login per role.

The department names beyond the five confirmed ones are plausible placeholders (DOMAIN.md §2):
admins rename them in the admin once the board confirms them. Running `load()` twice
changes nothing: rows are matched on natural keys and only created when missing.
"""

from django.contrib.auth.models import Group
from django.db import transaction

from units.models import Organization, Unit, User

DEMO_PASSWORD = "demo-2023"

ORGANIZATION = {
    "abbreviation": "BQL",
    "name": "Ban Quản lý Khu kinh tế Hải Phòng",
    "parent_name": "UBND thành phố Hải Phòng",
    "place": "Hải Phòng",
    "address": "Số 24 Cù Chính Lan, quận Hồng Bàng, thành phố Hải Phòng",
    "head_title": "Trưởng ban",
    "archive_code": "VT, VP",
}

DEPARTMENTS = [
    ("Văn phòng", "Văn phòng"),
    ("Phòng Quản lý Đầu tư", "Phòng QLĐT"),
    ("Phòng Quản lý Lao động", "Phòng QLLĐ"),
    ("Phòng Tài nguyên và Môi trường", "Phòng TNMT"),
    ("Phòng Doanh nghiệp và Giám sát đầu tư", "Phòng DN&GSĐT"),
    ("Phòng Quản lý Quy hoạch và Xây dựng", "Phòng QLQH&XD"),
    ("Phòng Quản lý Thương mại và Xuất nhập khẩu", "Phòng QLTM&XNK"),
    ("Phòng Kế hoạch – Tổng hợp", "Phòng KH-TH"),
    ("Phòng Tổ chức cán bộ", "Phòng TCCB"),
]

SERVICE_UNITS = [
    ("Trường Trung cấp Khu kinh tế", "Trường Trung cấp KKT"),
    ("Trung tâm Xúc tiến Đầu tư và Dịch vụ việc làm Khu kinh tế", "Trung tâm XTĐT&DVVL KKT"),
]

# username, full name, title, roles, staff/superuser
PEOPLE = [
    ("le.trung.kien", "Lê Trung Kiên", "Trưởng ban", ["leader"], False),
    ("bui.ngoc.hai", "Bùi Ngọc Hải", "Phó Trưởng ban", ["leader"], False),
    ("kiemtra", "Nguyễn Thu Hà", "Chuyên viên Văn phòng", ["inspector"], False),
    ("lanhdao", "Trần Văn Minh", "Phó Trưởng ban", ["leader"], False),
    ("vanthu", "Phạm Thị Hoa", "Văn thư", ["clerk"], False),
    ("quantri", "Quản trị hệ thống", "Chuyên viên Văn phòng", [], True),
    # Both inspector and leader (a deputy head who leads the team): may draft or approve a
    # notice, never both for the same one (four eyes, issue 17).
    ("nguyen.van.nam", "Nguyễn Văn Nam", "Phó Trưởng ban", ["inspector", "leader"], False),
]


@transaction.atomic
def load() -> Organization:
    """Create the board, its units and the demo people where they are missing."""
    organization, _ = Organization.objects.get_or_create(
        abbreviation=ORGANIZATION["abbreviation"], defaults=ORGANIZATION
    )
    for kind, names in ((Unit.Kind.DEPARTMENT, DEPARTMENTS), (Unit.Kind.SERVICE_UNIT, SERVICE_UNITS)):
        for order, (name, short_name) in enumerate(names, start=1):
            Unit.objects.get_or_create(
                organization=organization,
                name=name,
                defaults={"short_name": short_name, "kind": kind, "order": order},
            )
    office = Unit.objects.filter(organization=organization, name="Văn phòng").first()
    for username, full_name, title, roles, admin in PEOPLE:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "full_name": full_name,
                "title": title,
                "unit": office if username in {"kiemtra", "vanthu", "quantri"} else None,
                "is_staff": admin,
                "is_superuser": admin,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            user.groups.set(Group.objects.filter(name__in=roles))
    return organization
