"""An old notice with a character no print font has is refused, naming the line."""

import pytest

from inspections.importing import ImportRefused, read_notice


def test_a_line_with_an_unprintable_character_refuses_the_file(seed_001):
    text = seed_001.decode("utf-8").replace("Căn cứ", "Căn cứ 漢", 1)
    line = next(n for n, row in enumerate(text.splitlines(), start=1) if "漢" in row)
    with pytest.raises(ImportRefused) as refused:
        read_notice(text.encode("utf-8"), "2819.txt")
    assert refused.value.message.startswith(f"Dòng {line}: Không in được ký tự “漢” (U+6F22)")
