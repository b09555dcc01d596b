"""What pyHanko's validator says of each signature in a PDF, in words people read.

Trust: the certificates an admin registered (people's and the board's) and the CA roots in
SIGNING_TRUST_ROOTS (e.g. the Government CA root of Ban Cơ yếu Chính phủ). Nothing is
fetched from the network: revocation is what the admin recorded on the certificate.

A certificate is judged at the time of signing: the time-stamp authority's time when the
signature carries a time-stamp, otherwise the time the signer's software wrote.
"""

import datetime
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings

from inspections.signing import certificates, outside_event_loop

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")

CHANGES = {
    "ENTIRE_FILE": "Không có gì thay đổi sau chữ ký này: chữ ký bao trùm toàn bộ tệp.",
    "NONE": "Sau chữ ký chỉ có phần cập nhật kỹ thuật, không đổi nội dung.",
    "LTA_UPDATES": "Sau chữ ký chỉ thêm thông tin kiểm tra chứng thư và dấu thời gian.",
    "FORM_FILLING": (
        "Sau chữ ký chỉ có: điền trường biểu mẫu (số, ngày ban hành) và chữ ký số khác. "
        "Nội dung văn bản không thay đổi."
    ),
    "ANNOTATIONS": "Sau chữ ký có thêm chú thích (annotation); nội dung trang không thay đổi.",
    "OTHER": "Sau chữ ký, nội dung tệp đã bị sửa: chữ ký này không còn bảo đảm nội dung hiện tại.",
}


@dataclass
class SignatureCheck:
    """One signature of a PDF as the verification page and the upload check read it."""

    field: str
    common_name: str
    subject: str
    issuer: str
    serial: str
    fingerprint: str
    not_before: datetime.datetime
    not_after: datetime.datetime
    signed_at: datetime.datetime | None
    timestamp: datetime.datetime | None
    intact: bool
    valid: bool  # cryptographically sound (digest and signature value)
    trusted: bool  # chains to a registered certificate or a trusted CA root
    covers_whole_file: bool
    modification: str  # a key of CHANGES
    signed_revision: int
    registered: object | None = None  # the Certificate record, if the admin registered it
    problems: list[str] = field(default_factory=list)

    @property
    def changes(self) -> str:
        return CHANGES.get(self.modification, CHANGES["OTHER"])

    @property
    def signing_moment(self) -> datetime.datetime | None:
        return self.timestamp or self.signed_at

    @property
    def valid_at_signing(self) -> bool:
        """The certificate was within its validity period (and not revoked) when it signed."""
        moment = self.signing_moment
        if moment is None or not self.not_before <= moment <= self.not_after:
            return False
        return self.registered is None or not self.registered.is_revoked(moment)

    @property
    def holder(self) -> str:
        """Who signed: the registered person or agency, or that the certificate is unknown here."""
        if self.registered is None:
            return "Chứng thư chưa đăng ký trong hệ thống"
        if self.registered.holder == "agency":
            return f"Cơ quan: {self.registered.holder_name}"
        return f"Người có thẩm quyền: {self.registered.holder_name}"

    @property
    def ok(self) -> bool:
        """Intact, sound, trusted, valid when made, and nothing but permitted changes after it."""
        return (
            self.intact
            and self.valid
            and self.trusted
            and self.valid_at_signing
            and self.modification in {"ENTIRE_FILE", "NONE", "LTA_UPDATES", "FORM_FILLING"}
        )


def trust_roots(certificates=None) -> list:
    """Registered certificates and the configured CA roots, as asn1crypto certificates."""
    from asn1crypto import pem, x509

    from inspections.models import Certificate

    roots = [x509.Certificate.load(bytes(c.der)) for c in (certificates or Certificate.objects.all())]
    for name in settings.SIGNING_TRUST_ROOTS:
        data = Path(name).read_bytes()
        if pem.detect(data):
            roots += [x509.Certificate.load(der) for _, _, der in pem.unarmor(data, multiple=True)]
        else:
            roots.append(x509.Certificate.load(data))
    return roots


def _moment(value) -> datetime.datetime | None:
    return value.astimezone(VIETNAM) if value else None


def _timestamp_time(embedded) -> datetime.datetime | None:
    """The time an RFC 3161 time-stamp authority put on the signature, if it carries one."""
    for attribute in embedded.signer_info["unsigned_attrs"] or []:
        if attribute["type"].native == "signature_time_stamp_token":
            token = attribute["values"][0]
            return token["content"]["encap_content_info"]["content"].parsed["gen_time"].native
    return None


def _check(embedded, roots, registered_by_fingerprint) -> SignatureCheck:
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    cert = embedded.signer_cert
    reported = embedded.self_reported_timestamp
    stamped = _timestamp_time(embedded)
    moment = stamped or reported
    context = ValidationContext(
        trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail", moment=moment
    )
    status = validate_pdf_signature(
        embedded, signer_validation_context=context, ts_validation_context=context
    )
    info = certificates.read_certificate(cert.dump())
    if status.coverage == SignatureCoverageLevel.ENTIRE_FILE:
        modification = "ENTIRE_FILE"
    elif status.modification_level is None:
        modification = "OTHER"
    else:
        modification = ModificationLevel(status.modification_level).name
    check = SignatureCheck(
        field=embedded.field_name,
        common_name=info.common_name,
        subject=info.subject,
        issuer=info.issuer,
        serial=info.serial,
        fingerprint=info.fingerprint,
        not_before=info.not_before,
        not_after=info.not_after,
        signed_at=_moment(reported),
        timestamp=_moment(stamped),
        intact=bool(status.intact),
        valid=bool(status.valid),
        trusted=bool(status.trusted),
        covers_whole_file=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
        modification=modification,
        signed_revision=embedded.signed_revision,
        registered=registered_by_fingerprint.get(info.fingerprint),
    )
    if stamped is not None and not (status.timestamp_validity and status.timestamp_validity.valid):
        check.problems.append("Dấu thời gian kèm chữ ký không hợp lệ.")
    return check


def check_pdf(data: bytes) -> list[SignatureCheck]:
    """Validate every signature of `data`, oldest first; [] when it has none or is not a PDF."""
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.pdf_utils.reader import PdfFileReader

    from inspections.models import Certificate

    registered = {c.fingerprint: c for c in Certificate.objects.select_related("user", "organization")}
    roots = trust_roots(registered.values())

    def run():
        try:
            reader = PdfFileReader(BytesIO(data), strict=False)
            signatures = reader.embedded_signatures
        except (PdfReadError, ValueError, KeyError, TypeError):
            return []
        return [_check(embedded, roots, registered) for embedded in signatures]

    return outside_event_loop(run)
