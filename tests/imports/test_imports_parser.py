"""The parser on its own: every field of both seeds, the conversion damage, bad files."""

import codecs
import unicodedata
from datetime import date

import pytest

from inspections.importing import ImportRefused, read_notice

BOARD = ["Ban Quản lý Khu kinh tế Hải Phòng"]


def cp1258(text: str) -> bytes:
    """Encode as Windows-1258 does: precomposed â/ô/ơ/ư…, tone marks as combining characters."""
    out = b""
    for ch in text:
        base, *marks = unicodedata.normalize("NFD", ch)
        options = [ch, base + "".join(marks)] + [
            unicodedata.normalize("NFC", base + mark) + "".join(marks[:i] + marks[i + 1 :])
            for i, mark in enumerate(marks)
        ]
        for option in options:
            try:
                out += option.encode("cp1258")
                break
            except UnicodeEncodeError:
                continue
        else:
            raise ValueError(ch)
    return out


def parse(data: bytes, name="seed.txt"):
    return read_notice(data, name, proper_names=BOARD)


def test_seed_000_every_field(seed_000):
    notice = parse(seed_000)
    assert (notice.number, notice.symbol) == (2880, "TB-BQL")
    assert (notice.place, notice.issued_on) == ("Hải Phòng", date(2023, 6, 14))
    assert notice.title == (
        "Kết quả kiểm tra công tác cải cách hành chính tại các phòng chuyên môn thuộc "
        "Ban Quản lý Khu kinh tế Hải Phòng"
    )
    assert [(c.kind, c.number_symbol, c.issued_on) for c in notice.citations] == [
        ("plan", "4647/QĐ-UBND", date(2022, 12, 30)),
        ("plan", "146/KH-BQL", date(2023, 1, 12)),
        ("plan", "810/KH-BQL", date(2023, 3, 2)),
        ("notice", "2335/TB-BQL", date(2023, 5, 2)),
    ]
    city = notice.citations[0]
    assert city.issuer == "UBND thành phố"
    assert city.summary == "Ban hành Kế hoạch Cải cách hành chính nhà nước thành phố Hải Phòng năm 2023"
    assert notice.citations[1].issuer == ""
    scope = notice.scope
    assert (scope.unit_kind, scope.checked, scope.total) == ("department", 9, 9)
    assert (scope.starts_on, scope.ends_on) == (date(2023, 6, 6), date(2023, 6, 7))
    assert notice.opening.startswith("Căn cứ Kế hoạch số 4647/QĐ-UBND ngày 30/12/2022")
    assert notice.opening.endswith("thông báo kết quả kiểm tra như sau:")
    assert len(notice.items) == 5
    assert notice.items[0].startswith("Về thực hiện kỷ luật, kỷ cương công vụ, quy chế làm việc:")
    # The unnumbered paragraph after item 1 belongs to item 1, not to the closing.
    assert notice.items[0].endswith("theo đúng yêu cầu của Đoàn kiểm tra")
    assert (
        notice.items[3]
        == "Các phòng đã triển khai niêm yết Bản cam kết chống phiền hà sách nhiễu tại nơi làm việc."
    )
    assert notice.closing.startswith("Để tiếp tục nâng cao chất lượng")
    assert notice.closing.endswith("tăng cường công tác kiểm soát thủ tục hành chính.")
    assert notice.recipients == [
        "Lãnh đạo Ban (để báo cáo)",
        "Văn phòng, các phòng chuyên môn BQL",
        "Lưu: VP/BQL",
    ]
    assert (notice.authority, notice.authority_title) == ("KT.", "TRƯỞNG BAN")
    assert (notice.signer_title, notice.signer_name) == ("PHÓ TRƯỞNG BAN", "Bùi Ngọc Hải")
    assert [p for p in notice.problems if p.level != "note"] == []


def test_seed_001_every_field(seed_001):
    notice = parse(seed_001)
    assert (notice.number, notice.symbol, notice.issued_on) == (2819, "TB-BQL", date(2023, 6, 14))
    assert notice.title == (
        "Kết quả kiểm tra công tác cải cách hành chính tại các đơn vị sự nghiệp trực thuộc "
        "Ban Quản lý Khu kinh tế Hải Phòng"
    )
    assert [c.number_symbol for c in notice.citations] == [
        "4647/QĐ-UBND",
        "146/KH-BQL",
        "810/KH-BQL",
        "2535/TB-BQL",
    ]
    scope = notice.scope
    assert (scope.unit_kind, scope.checked, scope.total) == ("service_unit", 2, 2)
    assert scope.starts_on == scope.ends_on == date(2023, 6, 8)
    assert "Trường Trung cấp Khu kinh tế" in scope.text
    assert len(notice.items) == 4
    assert notice.items[2].startswith("Các đơn vị triển khai thực hiện Nghị định số 04/2015/NĐ-CP")
    assert notice.closing.endswith("ngày một tốt hơn.")
    assert notice.recipients == [
        "Lãnh đạo Ban (để báo cáo)",
        "Trường Trung cấp KKT",
        "Trung tâm XTĐT&DVVL KKT",
        "Lưu: VP/BQL",
    ]
    assert (notice.authority, notice.authority_title, notice.signer_name) == (
        "KT.",
        "TRƯỞNG BAN",
        "Bùi Ngọc Hải",
    )


def test_conversion_damage_is_repaired_and_reported(seed_000):
    notice = parse(seed_000)
    notes = [str(p) for p in notice.problems if p.level == "note"]
    # "Số: ~~2880~~ TB-BQL": struck number, missing slash.
    assert notice.reference == "2880/TB-BQL"
    assert any("Dòng 3" in note and "Thiếu dấu “/”" in note for note in notes)
    # "Thông báo số ~~2335~~ 2335/TB-BQL ngày ~~02/5~~ 02/5/2023": the struck copies go.
    assert "Thông báo số 2335/TB-BQL ngày 02/5/2023 về việc" in notice.opening
    # "146/KH- BQL": the stray space goes, in the citation and in the text.
    assert "146/KH-BQL" in notice.opening and "KH- BQL" not in notice.opening
    assert any("146/KH- BQL" in note for note in notes)


def test_words_split_by_a_page_break_are_joined(seed_000):
    notice = parse(seed_000)
    assert "của Ủy ban nhân dân quy định về chức năng, nhiệm vụ" in notice.items[4]
    assert any("Dòng 28" in str(p) and "quy / định" in str(p) for p in notice.problems)


def test_markdown_markers_never_reach_the_record(seed_000, seed_001):
    for data in (seed_000, seed_001):
        notice = parse(data)
        everything = " ".join(
            [notice.title, notice.opening, notice.closing, notice.signer_name, notice.signer_title]
            + notice.items
            + notice.recipients
        )
        for marker in ("**", "~~", "  ", "/.", "\\"):
            assert marker not in everything


def test_capitals_title_keeps_the_proper_names():
    text = (
        "Số: 12/TB-BQL\nHải Phòng, ngày 05 tháng 01 năm 2024\n\n"
        "THÔNG BÁO\nKẾT QUẢ KIỂM TRA TẠI TRƯỜNG TRUNG CẤP KHU KINH TẾ\n\n1. Đạt.\n"
    )
    notice = read_notice(text.encode(), "a.txt", proper_names=["Trường Trung cấp Khu kinh tế"])
    assert notice.title == "Kết quả kiểm tra tại Trường Trung cấp Khu kinh tế"
    assert notice.issued_on == date(2024, 1, 5)


def test_unreadable_lines_are_reported_with_their_line_and_reason(seed_001):
    text = seed_001.decode().replace("**Nơi nhận:**", "**Nơi nhận:**\n\n- Sở Nội vụ;\nxin xem trang sau")
    notice = parse(text.encode())
    assert "Sở Nội vụ" in notice.recipients
    problem = next(p for p in notice.problems if p.text == "xin xem trang sau")
    assert problem.line and "Không nhận ra dòng này" in problem.reason


def test_utf16_with_bom_is_read_and_reported(seed_001):
    notice = parse(codecs.BOM_UTF16_LE + seed_001.decode().encode("utf-16-le"))
    assert notice.reference == "2819/TB-BQL"
    assert any("UTF-16" in p.reason for p in notice.problems)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "Tệp rỗng"),
        (b"  \n\n \r\n", "Tệp rỗng"),
        (bytes(range(256)) * 4, "không phải văn bản"),
        ("Số: 2880/TB-BQL\n\nTHÔNG BÁO".encode("utf-16-le"), "không phải văn bản"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "Tệp Word cũ (.doc)"),
        (cp1258("Số: 2880/TB-BQL\nHải Phòng, ngày 14 tháng 6 năm 2023\n\nTHÔNG BÁO"), "không phải UTF-8"),
        ("Biên bản họp giao ban tuần.\n\nCác phòng báo cáo.".encode(), "không thấy dòng “THÔNG BÁO”"),
    ],
    ids=["empty", "blank", "binary", "utf16-no-bom", "old-doc", "windows-1258", "not-a-notice"],
)
def test_bad_files_are_refused_with_a_clear_message(data, message):
    with pytest.raises(ImportRefused) as refused:
        parse(data)
    assert message in refused.value.message


def test_windows_1258_refusal_names_the_line(seed_001):
    with pytest.raises(ImportRefused) as refused:
        parse(cp1258(seed_001.decode()))
    assert "dòng 3" in refused.value.message and "UTF-8" in refused.value.message


def test_a_notice_without_a_number_is_refused(seed_001):
    with pytest.raises(ImportRefused) as refused:
        parse(seed_001.replace("Số: 2819/TB-BQL".encode(), "Số: …/TB-BQL".encode()))
    assert refused.value.message.startswith("Thông báo chưa có số")


def test_a_notice_without_a_body_is_refused():
    text = (
        "Số: 5/TB-BQL\nHải Phòng, ngày 14 tháng 6 năm 2023\n\n"
        "THÔNG BÁO\nKẾT QUẢ\n\n**Nơi nhận:**\n- Lưu: VT.\n"
    )
    with pytest.raises(ImportRefused) as refused:
        parse(text.encode())
    assert "không thấy phần nội dung" in refused.value.message
