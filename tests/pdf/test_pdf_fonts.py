"""Every character people type prints with a font shipped in static/fonts, and only with those.

The issued notice is checked with pikepdf against PDF/A-2's font rules (tests/pdf/pdfa_check.py),
and poppler's pdffonts lists its fonts; the machine's fonts (DejaVu is installed here) must
never appear, even when a document asks for them by name.
"""

import re
import subprocess

import pytest
from fontTools.ttLib import TTFont
from pdf_inspect import pages_text
from pdfa_check import embedded_fonts, font_identity, pdfa_problems

from inspections import fonts
from inspections.models import NoticeItem
from inspections.pdf import _weasyprint, render_notice_pdf

pytestmark = [pytest.mark.django_db, pytest.mark.real_pdf]

HOSTILE = "Đã niêm yết ✓, chưa ☐ ⇒ cần bổ sung 👍 (👍🏽, 👨‍👩‍👧, ①, ≤ 5 %)."


def shipped_names() -> set[str]:
    """The shipped fonts as pdffonts names them: family and style, without spaces or hyphens."""
    names = set()
    for path in fonts.font_files():
        with TTFont(path, lazy=True) as font:
            family, style = font["name"].getDebugName(1), font["name"].getDebugName(2)
        names.add((family + ("" if style == "Regular" else style)).replace(" ", ""))
    return names


def pdffonts(data: bytes, tmp_path) -> list[str]:
    """Font names as poppler's pdffonts lists them, without the subset tag."""
    path = tmp_path / "fonts.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    return [re.sub(r"^[A-Z]{6}\+", "", line.split()[0]) for line in out.splitlines()[2:]]


def shipped_identities() -> set:
    identities = set()
    for path in fonts.font_files():
        with TTFont(path, lazy=True) as font:
            identities.add(font_identity(font))
    return identities


def test_an_issued_notice_with_symbols_and_emoji_passes_pdfa_with_shipped_fonts_only(issue_seed, tmp_path):
    """Signed by the leader, then numbered, dated and sealed: the number and date fields'
    own font subsets pass the same PDF/A font rules as the page's."""
    _, data = issue_seed(
        2819, before=lambda n: NoticeItem.objects.filter(notice=n, position=1).update(text=HOSTILE)
    )

    assert pdfa_problems(data) == []
    listed = pdffonts(data, tmp_path)
    assert {"Noto-Emoji", "Noto-Sans-Symbols2", "Noto-Sans-Math"} <= set(listed)
    assert {name.replace("-", "") for name in listed} <= shipped_names(), listed
    assert embedded_fonts(data) <= shipped_identities()  # cut from the very files in static/fonts
    text = " ".join(" ".join(pages_text(data)).split())
    for char in "✓☐⇒👍①≤":
        assert char in text


def test_a_character_no_font_has_would_print_as_notdef_and_the_check_sees_it(seed_notice):
    """Why input is refused: a glyph no font has prints as .notdef, which PDF/A forbids."""
    notice = seed_notice(2880, numbered=False)
    NoticeItem.objects.filter(notice=notice, position=1).update(text="Chữ Hán 漢 không có trong phông.")

    problems = pdfa_problems(render_notice_pdf(notice))

    assert any(problem.startswith("6.2.11.8 page 1") for problem in problems), problems


def test_the_machine_fonts_are_never_used_even_when_asked_for(tmp_path):
    html_class, _, font_config = _weasyprint()
    page = "<p style=\"font-family: 'DejaVu Sans', sans-serif\">Chữ Việt ✓ ⇒ 👍</p>"
    data = html_class(string=page).write_pdf(font_config=font_config)
    listed = pdffonts(data, tmp_path)
    assert listed and not [name for name in listed if "DejaVu" in name]
    assert {name.replace("-", "") for name in listed} <= shipped_names(), listed


def test_fontconfig_sees_only_the_shipped_font_files():
    out = subprocess.run(
        ["fc-list", "--format", "%{file}\n"],
        capture_output=True,
        text=True,
        check=True,
        env={"FONTCONFIG_FILE": str(fonts.FONTS_CONF), "HOME": "/nonexistent"},
    ).stdout
    files = sorted(set(out.split()))
    assert files == [str(path) for path in fonts.font_files()]
