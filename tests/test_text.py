"""Text rules shared by search and the rendered documents."""

from inspections.text import fold, nfc, with_end_mark


def test_fold_ignores_vietnamese_diacritics_case_and_d_stroke():
    assert fold("Kỷ LUẬT, kỷ cương") == fold("ky luat, KY CUONG") == "ky luat, ky cuong"
    assert fold("Đào tạo") == "dao tao"


def test_nfc_composes_decomposed_input():
    decomposed = "Ha\u0309i Pho\u0300ng"
    assert nfc(decomposed) == "Hải Phòng"


def test_the_last_paragraph_ends_with_the_decree_end_mark_once():
    assert with_end_mark("ngày một tốt hơn.") == "ngày một tốt hơn./."
    assert with_end_mark("thủ tục hành chính") == "thủ tục hành chính./."
    assert with_end_mark("ngày một tốt hơn./.") == "ngày một tốt hơn./."
    assert with_end_mark("") == ""
