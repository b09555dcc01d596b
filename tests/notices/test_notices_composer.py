"""The composer against the two seed notices (../shared/seeds/), copied here as literals."""

import pytest

from inspections.composer import compose_notice, signing_snapshot
from inspections.models import Finding, Notice

pytestmark = pytest.mark.django_db

# Seed 000 (2880/TB-BQL), with the converter's stray space in "146/KH- BQL" and "810/KH- BQL"
# and its struck-through duplicates removed.
DEPARTMENTS_LEGAL_BASES = (
    "Căn cứ Kế hoạch số 4647/QĐ-UBND ngày 30/12/2022 của UBND thành phố về việc Ban hành Kế hoạch "
    "Cải cách hành chính nhà nước thành phố Hải Phòng năm 2023; thực hiện Kế hoạch số 146/KH-BQL ngày "
    "12/01/2023 về việc triển khai thực hiện cải cách hành chính của Ban Quản lý Khu kinh tế Hải Phòng "
    "năm 2023; Kế hoạch số 810/KH-BQL ngày 02/3/2023 về việc kiểm tra công tác cải cách hành chính, kỷ "
    "luật, kỷ cương công vụ tại các phòng, đơn vị sự nghiệp trực thuộc Ban Quản lý năm 2023; Thông báo "
    "số 2335/TB-BQL ngày 02/5/2023 về việc kiểm tra công tác cải cách hành chính tại các phòng, đơn vị "
    "sự nghiệp trực thuộc năm 2023; Ban Quản lý Khu kinh tế Hải Phòng đã tổ chức kiểm tra các phòng "
    "chuyên môn (09/09 phòng) từ ngày 06-07/6/2023."
)
DEPARTMENTS_LEAD_IN = (
    "Sau khi kiểm tra tại các phòng chuyên môn, Ban Quản lý Khu kinh tế Hải Phòng thông báo kết quả "
    "kiểm tra như sau:"
)
# Seed 001 (2819/TB-BQL).
SERVICE_UNITS_LEGAL_BASES_END = (
    "Thông báo số 2535/TB-BQL ngày 22/5/2023 về việc kiểm tra công tác cải cách hành chính tại các "
    "phòng, đơn vị sự nghiệp trực thuộc năm 2023; Ban Quản lý Khu kinh tế Hải Phòng đã tổ chức kiểm tra "
    "tại 02/02 đơn vị sự nghiệp trực thuộc Ban Quản lý ngày 08/6/2023 (Trường Trung cấp Khu kinh tế và "
    "Trung tâm Xúc tiến Đầu tư và Dịch vụ việc làm Khu kinh tế)."
)


def test_the_departments_notice_chains_its_legal_bases_as_seed_2880_does(demo):
    composed = compose_notice(demo.departments_round)
    assert composed.legal_basis_sentence == DEPARTMENTS_LEGAL_BASES
    assert composed.lead_in == DEPARTMENTS_LEAD_IN
    assert composed.opening == f"{DEPARTMENTS_LEGAL_BASES}\n\n{DEPARTMENTS_LEAD_IN}"
    assert [d.number_symbol for d in composed.legal_bases] == [
        "4647/QĐ-UBND",
        "146/KH-BQL",
        "810/KH-BQL",
        "2335/TB-BQL",
    ]


def test_the_departments_notice_has_the_seeds_title_symbol_and_recipients(demo):
    composed = compose_notice(demo.departments_round)
    assert composed.title == (
        "Kết quả kiểm tra công tác cải cách hành chính tại các phòng chuyên môn thuộc "
        "Ban Quản lý Khu kinh tế Hải Phòng"
    )
    # The seed prints the title in capitals; stored in sentence case it prints the same.
    assert composed.title.upper() == (
        "KẾT QUẢ KIỂM TRA CÔNG TÁC CẢI CÁCH HÀNH CHÍNH TẠI CÁC PHÒNG CHUYÊN MÔN THUỘC "
        "BAN QUẢN LÝ KHU KINH TẾ HẢI PHÒNG"
    )
    assert composed.symbol == "TB-BQL"
    assert composed.place == "Hải Phòng"
    assert composed.recipients == [
        "Lãnh đạo Ban (để báo cáo)",
        "Văn phòng, các phòng chuyên môn BQL",
        "Lưu: VT, VP",
    ]


def test_all_compliant_departments_get_one_item_per_criterion_in_the_seeds_words(demo):
    items = compose_notice(demo.departments_round).items
    assert len(items) == 5  # the five criteria that apply to departments
    assert items[2] == (
        "Các phòng chuyên môn đã thực hiện đúng các quy định về chức năng nhiệm vụ, quyền hạn, cơ cấu "
        "tổ chức bộ máy, sự phân công công việc trong tập thể phòng."
    )
    assert items[3].startswith(
        "Các phòng chuyên môn đã thực hiện các thủ tục hành chính theo đúng quy trình tiêu chuẩn chất "
        "lượng ISO 9001:2015; giải quyết thủ tục theo đúng thời hạn quy định"
    )
    assert items[4] == (
        "Các phòng chuyên môn đã triển khai niêm yết Bản cam kết chống phiền hà sách nhiễu tại nơi làm việc."
    )


def test_the_closing_demand_ends_as_a_decree_30_text_does(demo):
    closing = compose_notice(demo.departments_round).closing
    assert closing.startswith(
        "Để tiếp tục nâng cao chất lượng, hiệu quả trong việc thực hiện triển khai công tác cải cách hành "
        "chính tại các phòng, nhằm khắc phục những tồn tại, hạn chế, góp phần thực hiện tốt công tác cải "
        "cách hành chính, Ban Quản lý Khu kinh tế Hải Phòng yêu cầu lãnh đạo các phòng chuyên môn tiếp "
        "tục tăng cường công tác chỉ đạo điều hành hoạt động của đơn vị trong công tác cải cách hành chính"
    )
    assert closing.endswith("./.")


def test_the_service_units_notice_counts_02_of_02_as_seed_2819_does(demo):
    composed = compose_notice(demo.service_units_round)
    assert composed.legal_basis_sentence.startswith("Căn cứ Kế hoạch số 4647/QĐ-UBND ngày 30/12/2022")
    assert composed.legal_basis_sentence.endswith(SERVICE_UNITS_LEGAL_BASES_END)
    assert composed.lead_in == (
        "Sau khi kiểm tra tại 02 đơn vị sự nghiệp trực thuộc gồm: Trường Trung cấp Khu kinh tế và Trung "
        "tâm Xúc tiến Đầu tư và Dịch vụ việc làm Khu kinh tế, Ban Quản lý Khu kinh tế Hải Phòng thông báo "
        "kết quả kiểm tra như sau:"
    )
    assert composed.title == (
        "Kết quả kiểm tra công tác cải cách hành chính tại các đơn vị sự nghiệp trực thuộc "
        "Ban Quản lý Khu kinh tế Hải Phòng"
    )
    assert composed.recipients == [
        "Lãnh đạo Ban (để báo cáo)",
        "Trường Trung cấp KKT",
        "Trung tâm XTĐT&DVVL KKT",
        "Lưu: VT, VP",
    ]
    assert (
        "Các đơn vị đã triển khai thực hiện Nghị định số 04/2015/NĐ-CP ngày 09/01/2015 của Chính phủ về "
        "thực hiện dân chủ trong hoạt động của cơ quan hành chính nhà nước và đơn vị sự nghiệp công lập."
    ) in composed.items
    assert "yêu cầu các đơn vị sự nghiệp trực thuộc tăng cường công tác" in composed.closing


def test_the_signing_block_comes_from_the_people_and_the_board(demo):
    composed = compose_notice(demo.departments_round)
    assert composed.signer.full_name == "Bùi Ngọc Hải"
    assert composed.authority == Notice.Authority.KT
    block = signing_snapshot(demo.organization, composed.signer, composed.authority)
    assert f"{composed.authority} {block['authority_title']}" == "KT. TRƯỞNG BAN"
    assert block["signer_title"] == "PHÓ TRƯỞNG BAN"
    assert block["signer_name"] == "Bùi Ngọc Hải"


def test_shortcomings_name_the_units_and_feed_the_closing_demand(demo):
    finding = Finding.objects.get(
        unit_check__inspection=demo.departments_round,
        unit_check__unit__name="Phòng Quản lý Đầu tư",
        criterion__name__startswith="Kiểm soát thủ tục",
    )
    finding.result = Finding.Result.SHORTCOMING
    finding.observation = "Còn 02 hồ sơ giải quyết quá hạn."
    finding.recommendation = "Rà soát, giải quyết dứt điểm hồ sơ quá hạn."
    finding.save()
    noted = Finding.objects.get(
        unit_check__inspection=demo.departments_round,
        unit_check__unit__name="Văn phòng",
        criterion__name__startswith="Kiểm soát thủ tục",
    )
    noted.result = Finding.Result.NOTED
    noted.observation = "Đã số hóa hồ sơ năm 2022."
    noted.save()

    composed = compose_notice(demo.departments_round)
    assert composed.items[3].startswith(
        "Về kiểm soát thủ tục hành chính và áp dụng ISO 9001:2015: còn tồn tại, hạn chế tại "
        "Phòng Quản lý Đầu tư: Còn 02 hồ sơ giải quyết quá hạn. Các phòng chuyên môn còn lại đã thực hiện"
    )
    assert composed.items[3].endswith("Ghi nhận: Văn phòng: Đã số hóa hồ sơ năm 2022.")
    assert composed.closing.endswith("đặc biệt chú trọng: rà soát, giải quyết dứt điểm hồ sơ quá hạn./.")


def test_a_round_over_part_of_the_departments_counts_them_and_names_each_recipient(demo):
    round_ = demo.departments_round
    round_.units.set(round_.units.order_by("order")[:3])
    composed = compose_notice(round_)
    assert "các phòng chuyên môn (03/09 phòng) từ ngày 06-07/6/2023." in composed.legal_basis_sentence
    assert composed.recipients[1:-1] == ["Văn phòng", "Phòng QLĐT", "Phòng QLLĐ"]


def test_the_service_units_draft_words_the_criterion_as_seed_2819_does(demo):
    items = compose_notice(demo.service_units_round).items
    assert not any("tập thể phòng" in item for item in items)
    assert (
        "Các đơn vị đã thực hiện đúng các quy định về chức năng nhiệm vụ, quyền hạn, cơ cấu tổ chức bộ máy, "
        "Quy chế làm việc, phân công công việc trong tập thể lãnh đạo đơn vị."
    ) in items


def test_a_criterion_without_a_service_unit_wording_keeps_its_one_sentence(demo):
    criterion = demo.plan.criteria.get(name__startswith="Chức năng")
    criterion.compliant_text_service_unit = ""
    criterion.save()
    items = compose_notice(demo.service_units_round).items
    assert any("trong tập thể phòng" in item for item in items)
    departments = compose_notice(demo.departments_round).items
    assert not any("tập thể lãnh đạo đơn vị" in item for item in departments)
