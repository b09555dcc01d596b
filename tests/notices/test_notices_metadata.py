"""Issued notices export their metadata as XML (Decree 30, Phụ lục VI) beside the PDF: one notice
or a year's register, the file's name, size, pages and SHA-256 those of the stored file."""

import hashlib
import subprocess
import xml.etree.ElementTree as ET
from datetime import date

import pytest
from django.urls import reverse

from inspections.models import Notice

NS = {"v": "urn:vn:bql-kkt-hai-phong:van-ban-di:1"}


def parse(response) -> ET.Element:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    assert response.content.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    return ET.fromstring(response.content)


def field(element: ET.Element, path: str) -> str:
    return element.find(path.replace("/", "/v:").join(["v:", ""]), NS).text


@pytest.mark.real_pdf
def test_an_issued_notice_exports_what_it_is_and_what_its_file_is(client, make_notice, inspector, tmp_path):
    notice = make_notice("issued", number=2880)
    year = notice.year
    client.force_login(inspector)
    response = client.get(reverse("inspections:notice-metadata", args=[notice.pk]))
    assert f'filename="2880-TB-BQL-{year}.xml"' in response["Content-Disposition"]
    document = parse(response).find("v:vanBan", NS)

    assert field(document, "maDinhDanh") == f"BQL.{year}.2880/TB-BQL"
    assert field(document, "soVaKyHieu") == "2880/TB-BQL"
    assert field(document, "ngayBanHanh") == notice.issued_on.isoformat()
    assert field(document, "tenLoai") == "Thông báo"
    assert document.find("v:tenLoai", NS).get("ma") == "TB"
    assert field(document, "trichYeu") == notice.title
    assert field(document, "coQuanBanHanh/ten") == "Ban Quản lý Khu kinh tế Hải Phòng"
    assert field(document, "nguoiKy/thamQuyen") == "KT. TRƯỞNG BAN"
    assert field(document, "nguoiKy/hoTen") == notice.signer_name
    assert [e.text for e in document.find("v:noiNhan", NS)] == [r.text for r in notice.recipients.all()]
    assert field(document, "ngonNgu") == "vi"

    data = notice.pdf.read()
    assert field(document, "tep/tenTep") == f"2880-TB-BQL-{year}.pdf"
    assert field(document, "tep/sha256") == hashlib.sha256(data).hexdigest() == notice.pdf_sha256
    assert int(field(document, "tep/kichThuoc")) == len(data)
    assert field(document, "tep/kySo") == "có"
    assert field(document, "tep/duongDanXacThuc").endswith(f"/verify/{notice.verification_code}/")
    # The page count as an independent reader (poppler) sees it.
    (tmp_path / "n.pdf").write_bytes(data)
    info = subprocess.run(["pdfinfo", str(tmp_path / "n.pdf")], capture_output=True, text=True).stdout
    pages = next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:"))
    assert field(document, "soTrang") == pages


def test_a_draft_has_no_archive_metadata(client, make_notice, inspector):
    notice = make_notice("approved")
    client.force_login(inspector)
    assert client.get(reverse("inspections:notice-metadata", args=[notice.pk])).status_code == 404


def test_text_that_looks_like_markup_stays_text(client, make_notice, inspector, leader, clerk):
    from inspections.services.issuing import issue_notice
    from inspections.services.notices import apply_action

    notice = make_notice("draft")
    notice.title = "Kết quả kiểm tra <b>CCHC</b> & TTHC"
    notice.save()
    notice = apply_action(notice, "submit", by=inspector)
    notice = apply_action(notice, "approve", by=leader)
    notice = issue_notice(notice, by=clerk, number=2881)
    client.force_login(inspector)
    response = client.get(reverse("inspections:notice-metadata", args=[notice.pk]))
    assert b"<b>" not in response.content
    assert field(parse(response).find("v:vanBan", NS), "trichYeu") == "Kết quả kiểm tra <b>CCHC</b> & TTHC"


def test_the_years_register_exports_every_issued_notice_in_register_order(client, make_notice, inspector):
    later = make_notice("issued", number=2880)
    earlier = make_notice("issued", number=2819)
    on_paper = make_notice("draft")  # a notice of 2022, issued on paper and imported
    on_paper.status, on_paper.imported = Notice.Status.ISSUED, True
    on_paper.number, on_paper.year, on_paper.issued_on = 1950, 2022, date(2022, 6, 20)
    on_paper.save()
    make_notice("approved")  # not in the register
    client.force_login(inspector)
    year = later.year
    root = parse(client.get(reverse("inspections:notice-register-metadata"), {"year": year}))
    assert root.tag == f"{{{NS['v']}}}soDangKyVanBanDi" and root.get("nam") == str(year)
    numbers = [field(d, "soVaKyHieu") for d in root.findall("v:vanBan", NS)]
    assert numbers == ["2819/TB-BQL", "2880/TB-BQL"]
    everything = parse(client.get(reverse("inspections:notice-register-metadata")))
    documents = everything.findall("v:vanBan", NS)
    assert [field(d, "soVaKyHieu") for d in documents] == [
        on_paper.reference,
        earlier.reference,
        later.reference,
    ]
    # Signed on paper, without a file of ours: said so, and no file described.
    assert field(documents[0], "hinhThuc") == "Văn bản giấy, nhập vào ứng dụng"
    assert documents[0].find("v:tep", NS) is None


def test_the_notice_page_and_the_register_link_their_metadata(client, make_notice, inspector):
    notice = make_notice("issued", number=2880)
    client.force_login(inspector)
    page = client.get(notice.get_absolute_url()).content.decode()
    assert reverse("inspections:notice-metadata", args=[notice.pk]) in page
    register = client.get(reverse("inspections:notice-register"), {"year": notice.year}).content.decode()
    assert reverse("inspections:notice-register-metadata") + f"?year={notice.year}" in register
