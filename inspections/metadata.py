"""Metadata of issued notices as XML (Decree 30, Phụ lục VI: the records system exports files
and their metadata to .pdf/.xml), one notice or a year's register at a time, so that an archive
or an e-office system can take them beside the PDFs.

Element names are the Vietnamese names of Phụ lục VI's fields written without diacritics in
camelCase (`soVaKyHieu`, `trichYeu`); the README lists them with their Vietnamese names. The
file is UTF-8, declares its encoding and is built with ElementTree, so a summary holding `<` or
`&` stays text.
"""

import io
import xml.etree.ElementTree as ET
from datetime import date

from inspections import snapshot
from inspections.composer import notice_signing
from inspections.models import Notice
from inspections.pdf import verification_url

NAMESPACE = "urn:vn:bql-kkt-hai-phong:van-ban-di:1"
LANGUAGE = "vi"
DELIVERY = "Văn bản giấy, nhập vào ứng dụng"


def identifier(notice: Notice) -> str:
    """'BQL.2023.2880/TB-BQL': issuing body, year, number and symbol — unique per year
    (Decree 30, Điều 15.1), stable however the file is renamed."""
    return f"{snapshot.organization_of(notice).abbreviation}.{notice.year}.{notice.reference}"


def page_count(data: bytes) -> int | None:
    """The number of pages of a stored PDF, read from its page tree; None if it cannot be read."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        return int(PdfFileReader(io.BytesIO(data), strict=False).root["/Pages"]["/Count"])
    except Exception:  # a damaged file is reported as such by the file checks, not here
        return None


def _text(parent: ET.Element, tag: str, value) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = "" if value is None else str(value)
    return element


def notice_element(notice: Notice) -> ET.Element:
    """One `<vanBan>` for an issued notice, with its file's name, size, SHA-256 and pages."""
    document = ET.Element("vanBan")
    _text(document, "maDinhDanh", identifier(notice))
    _text(document, "soVaKyHieu", notice.reference)
    _text(document, "so", notice.number)
    _text(document, "kyHieu", notice.symbol)
    _text(document, "ngayBanHanh", notice.issued_on.isoformat())
    _text(document, "diaDanh", notice.place)
    # The kind's abbreviation and name (Phụ lục III): KH Kế hoạch, QĐ Quyết định, TB Thông báo, …
    kind = ET.SubElement(document, "tenLoai", {"ma": notice.spec.abbreviation})
    kind.text = notice.kind_name
    _text(document, "trichYeu", notice.title)
    # The issuing body, signing block and recipients as they were at issue (inspections/snapshot.py).
    organization = snapshot.organization_of(notice)
    issuer = ET.SubElement(document, "coQuanBanHanh")
    _text(issuer, "coQuanChuQuan", organization.parent_name)
    _text(issuer, "ten", organization.name)
    signing = snapshot.signing_of(notice) or notice_signing(notice)
    signer = ET.SubElement(document, "nguoiKy")
    _text(signer, "thamQuyen", f"{signing['authority']} {signing['authority_title']}".strip())
    _text(signer, "chucVu", signing["signer_title"])
    _text(signer, "hoTen", signing["signer_name"])
    recipients = ET.SubElement(document, "noiNhan")
    for text in snapshot.recipient_texts(notice):
        _text(recipients, "noi", text)
    _text(document, "ngonNgu", LANGUAGE)
    if notice.imported:
        _text(document, "hinhThuc", DELIVERY)
    if notice.replaces_id:
        _text(document, "thayTheVanBan", notice.replaces.reference)
    if notice.pdf:
        with notice.pdf.open("rb") as handle:
            data = handle.read()
        _text(document, "soTrang", page_count(data))
        stored = ET.SubElement(document, "tep")
        _text(stored, "tenTep", f"{notice.file_stem}.pdf")
        _text(stored, "dinhDang", "application/pdf")
        _text(stored, "kichThuoc", len(data))
        _text(stored, "sha256", notice.pdf_sha256)
        _text(stored, "kySo", "không" if notice.imported else "có")
        _text(stored, "duongDanXacThuc", verification_url(notice.verification_code))
    return document


def _serialise(root: ET.Element) -> bytes:
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def notice_xml(notice: Notice) -> bytes:
    """The metadata file of one issued notice."""
    root = ET.Element("hoSoVanBan", {"xmlns": NAMESPACE})
    root.append(notice_element(notice))
    return _serialise(root)


def register_xml(notices, *, year: int | None, organization, exported_on: date) -> bytes:
    """The metadata of a year's issued notices (or all years), in register order."""
    attributes = {"xmlns": NAMESPACE, "coQuan": organization.name, "ngayXuat": exported_on.isoformat()}
    if year:
        attributes["nam"] = str(year)
    root = ET.Element("soDangKyVanBanDi", attributes)
    for notice in notices:
        root.append(notice_element(notice))
    return _serialise(root)
