"""Text that reaches a printed document may hold only characters the shipped fonts can draw."""

import pytest
from django.core.exceptions import ValidationError

from inspections import fonts
from inspections.text import check_printable, unprintable_characters


@pytest.mark.parametrize(
    "text",
    [
        "Ban Quản lý Khu kinh tế Hải Phòng: kỷ luật, kỷ cương, ĐẠT YÊU CẦU",
        "Đã niêm yết ✓, chưa ☐ ⇒ bổ sung; tốt 👍 👍🏽 👨‍👩‍👧 ❤️ ★ ① Ⅱ ≤ ≥ ± × € № § ° “…” – —",
        "Dòng một\nDòng hai\r\n\tthụt lề",
        "a\u200db\u00adc\ufe0f",  # joiners, soft hyphen and variation selectors print nothing
    ],
)
def test_what_people_type_in_vietnamese_with_symbols_and_emoji_is_printable(text):
    assert unprintable_characters(text) == []
    check_printable(text)


def test_a_character_no_font_has_is_refused_and_named():
    with pytest.raises(ValidationError) as caught:
        check_printable("Chữ Hán 漢 và 漢 nữa, chuông \x07")
    assert caught.value.code == "unprintable"
    assert caught.value.messages == [
        "Không in được ký tự “漢” (U+6F22), U+0007: phông chữ của văn bản in không có ký tự này. "
        "Hãy xóa hoặc thay bằng ký tự khác."
    ]


def test_decomposed_vietnamese_is_judged_as_it_prints_composed():
    assert unprintable_characters("Ha\u0309i Pho\u0300ng") == []


def test_coverage_comes_from_the_shipped_font_files():
    assert [path.name for path in fonts.font_files()] == [
        "LiberationSerif-Bold.ttf",
        "LiberationSerif-BoldItalic.ttf",
        "LiberationSerif-Italic.ttf",
        "LiberationSerif-Regular.ttf",
        "NotoEmoji-Regular.ttf",
        "NotoSansMath-Regular.ttf",
        "NotoSansSymbols-Regular.ttf",
        "NotoSansSymbols2-Regular.ttf",
    ]
    assert fonts.printable("✓") and fonts.printable("👍") and not fonts.printable("漢")


def test_lines_break_like_the_print_layout():
    # 2880's title in 14 pt bold between the title's insets (145.2 mm) breaks after "chuyên".
    title = (
        "Kết quả kiểm tra công tác cải cách hành chính tại các phòng chuyên môn thuộc "
        "Ban Quản lý Khu kinh tế Hải Phòng"
    )
    lines = fonts.lines(title, 145.2 * 72 / 25.4, 14, bold=True)
    assert lines == [
        "Kết quả kiểm tra công tác cải cách hành chính tại các phòng chuyên",
        "môn thuộc Ban Quản lý Khu kinh tế Hải Phòng",
    ]
    long_word = fonts.lines("x" * 300, 100, 14)
    assert len(long_word) > 1 and all(fonts.text_width(line, 14) <= 100 for line in long_word)
