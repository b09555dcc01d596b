"""Approving is signing; issuing numbers and seals (Decree 30/2020, Điều 5 and Phụ lục I).

- `prepare_to_sign`: the final PDF/A a leader signs (all but number and date), rendered once
  per content and kept, so that a file signed elsewhere can be compared with it byte for byte.
- `approve_and_sign`: the leader approves by signing that PDF with their own certificate, on
  a token (PIN) or a PKCS#12 file (password), typed now and never stored.
- `approve_with_signed_file`: the same, when the leader signed the PDF on their own computer.
- `seal_notice`: at issue, the number and date go into the leader-signed PDF and the board
  signs it with its seal.

A signature that cannot be made leaves the notice exactly as it was (SigningError).
"""

import hashlib
import json
from io import BytesIO

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction

from inspections import pdf
from inspections.audit import record
from inspections.models import Certificate, Notice, NoticeSigning, SigningImage, TransitionError
from inspections.services.lifecycle import NOTICE
from inspections.services.notices import apply_action, snapshot_signer
from inspections.signing import SigningError, certificates, keys, pipeline, timestamps, validation


def _usable(queryset, *, none: str) -> Certificate:
    """The newest certificate of `queryset` that may sign now; SigningError saying why not."""
    newest = queryset.order_by("-not_before", "-pk").first()
    if newest is None:
        raise SigningError(none)
    usable = queryset.usable().first()
    if usable is None:
        certificates.usable_now(newest, revoked_at=newest.revoked_at)
        raise SigningError(none)  # not yet valid: usable_now has explained it
    return usable


def person_certificate(user) -> Certificate:
    """The certificate `user` signs with now, or SigningError (none, expired, revoked)."""
    return _usable(
        Certificate.objects.of_person(user),
        none=(
            f"{user.display_name} chưa có chứng thư số được đăng ký. Đề nghị Quản trị đăng ký "
            "chứng thư số và ảnh chữ ký (Quản trị → Chứng thư số)."
        ),
    )


def agency_certificate(organization) -> Certificate:
    """The board's certificate for its seal signature, or SigningError."""
    return _usable(
        Certificate.objects.of_agency(organization),
        none=(
            f"{organization.name} chưa có chứng thư số của cơ quan được đăng ký. Đề nghị Quản trị "
            "đăng ký chứng thư số và ảnh con dấu (Quản trị → Chứng thư số)."
        ),
    )


def signature_image(user) -> pipeline.PreparedImage | None:
    image = SigningImage.objects.filter(kind=SigningImage.Kind.SIGNATURE, user=user).first()
    return pipeline.image_for(bytes(image.png), image.width_mm) if image else None


def seal_image(organization) -> pipeline.PreparedImage | None:
    image = SigningImage.objects.filter(kind=SigningImage.Kind.SEAL, organization=organization).first()
    return pipeline.image_for(bytes(image.png), image.width_mm) if image else None


def _source_digest(notice: Notice, image: pipeline.PreparedImage | None) -> str:
    """A digest of everything the PDF to sign is made from: when it changes, render again."""
    document = pdf.notice_document(notice, fields=True)
    parts = [document, notice.verification_code, notice.signer_id, image.width_mm if image else None]
    if image:
        parts.append(hashlib.sha256(image.rgb + image.alpha).hexdigest())
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False, default=str).encode()).hexdigest()


def approval_refusal(notice: Notice, user) -> str:
    """Why `user` may not approve-and-sign `notice` now ("" when they may): the notice's rules
    (services/lifecycle.py), where approving is signing by the signer the block names."""
    decision = NOTICE.check(notice, "approve", user)
    if not decision.in_state:
        return str(notice.state_error("approve"))
    return " ".join(decision.reasons)


def _check_signer(notice: Notice, by) -> None:
    if not NOTICE.permitted(notice, "approve", by):
        raise PermissionDenied
    refusal = approval_refusal(notice, by)
    if refusal:
        raise TransitionError(refusal)


def _replace_file(field, name: str, data: bytes) -> None:
    old = field.name
    field.save(name, ContentFile(data), save=False)
    if old and old != field.name:
        field.storage.delete(old)


@transaction.atomic
def prepare_to_sign(notice: Notice, *, by) -> NoticeSigning:
    """Render and keep the PDF `by` is to sign, unless the kept one was made from the same content."""
    from inspections.services.issuing import new_verification_code

    notice = (
        Notice.objects.select_for_update(of=("self",))
        .select_related("organization", "signer")
        .get(pk=notice.pk)
    )
    _check_signer(notice, by)
    signing, _ = NoticeSigning.objects.get_or_create(notice=notice)
    if not notice.verification_code:
        notice.verification_code = new_verification_code()
    snapshot_signer(notice)  # the signing block as printed is the one signed
    image = signature_image(notice.signer)
    source = _source_digest(notice, image)
    if signing.to_sign_pdf and signing.source == source:
        return signing
    notice.save(
        update_fields=["verification_code", "authority_title", "signer_title", "signer_name", "updated_at"]
    )
    data = pdf.render_to_sign(notice, image=image)
    _replace_file(signing.to_sign_pdf, f"{notice.file_stem}-trinh-ky.pdf", data)
    signing.to_sign_sha256 = hashlib.sha256(data).hexdigest()
    signing.source = source
    signing.save(update_fields=["to_sign_pdf", "to_sign_sha256", "source", "updated_at"])
    record(notice, "notice.prepare", by=by, data={"sha256": signing.to_sign_sha256, "bytes": len(data)})
    return signing


def read_to_sign(signing: NoticeSigning) -> bytes:
    """The kept PDF to sign, checked against its SHA-256 (the comparison base for uploads)."""
    with signing.to_sign_pdf.open("rb") as handle:
        data = handle.read()
    if hashlib.sha256(data).hexdigest() != signing.to_sign_sha256:
        raise SigningError("Bản PDF trình ký trong kho lưu trữ không khớp mã băm; hãy tải lại trang.")
    return data


def _store_approval(
    signing: NoticeSigning, data: bytes, certificate: Certificate, *, by, comment: str, method: str
) -> Notice:
    """Approve (the life-cycle rules in apply_action) and keep the leader-signed PDF, in one transaction."""
    notice = apply_action(signing.notice, "approve", by=by, comment=comment)
    signing.approved_pdf.save(f"{notice.file_stem}-lanh-dao-ky.pdf", ContentFile(data), save=False)
    try:
        signing.approved_sha256 = hashlib.sha256(data).hexdigest()
        signing.certificate = certificate
        signing.save(update_fields=["approved_pdf", "approved_sha256", "certificate", "updated_at"])
        record(
            notice,
            "notice.sign",
            by=by,
            data={
                "method": method,
                "certificate": certificate.common_name,
                "serial": certificate.serial,
                "fingerprint": certificate.fingerprint,
                "sha256": signing.approved_sha256,
            },
        )
    except Exception:
        signing.approved_pdf.storage.delete(signing.approved_pdf.name)
        raise
    return notice


def _locked_signing(signing: NoticeSigning) -> NoticeSigning:
    """Re-read the signing files under lock; refuse if the PDF to sign changed meanwhile."""
    locked = NoticeSigning.objects.select_for_update(of=("self",)).select_related("notice").get(pk=signing.pk)
    if locked.to_sign_sha256 != signing.to_sign_sha256:
        raise SigningError(
            "Bản trình ký vừa thay đổi; hãy mở lại trang Duyệt và ký (tải bản mới nếu ký ngoài)."
        )
    return locked


def approve_and_sign(notice: Notice, *, by, secret: str, comment: str = "") -> Notice:
    """Approve `notice` by signing its final PDF with `by`'s own key, unlocked by `secret` (PIN or password).

    Wrong PIN, no certificate, an expired or revoked one: SigningError, and nothing changes.
    """
    _check_signer(Notice.objects.select_related("signer").get(pk=notice.pk), by)
    certificate = person_certificate(by)
    image = signature_image(by)
    if image is None:  # Decree 30: the signer's signature shows as their handwritten signature
        raise SigningError(
            f"{by.display_name} chưa có ảnh chữ ký được đăng ký; đề nghị Quản trị tải lên "
            "(Quản trị → Ảnh chữ ký / con dấu)."
        )
    signing = prepare_to_sign(notice, by=by)
    with transaction.atomic():
        signing = _locked_signing(signing)
        notice = signing.notice
        to_sign = read_to_sign(signing)
        with keys.person_signer(certificate, secret) as signer:
            try:
                signed = pipeline.sign_as_person(
                    to_sign,
                    signer=signer,
                    image=image,
                    name=by.display_name,
                    reason=f"Duyệt, ký ban hành {notice.symbol}: {notice.title[:120]}",
                    location=notice.place or notice.organization.place,
                    timestamper=timestamps.timestamper(),
                )
            except SigningError:
                raise
            except Exception as error:
                raise _explain(error) from error
        return _store_approval(signing, signed, certificate, by=by, comment=comment, method="server")


def _explain(error: Exception) -> SigningError:
    from pyhanko.sign.timestamps import TimestampRequestError

    if isinstance(error, TimestampRequestError):
        return timestamps.explain(error)
    return SigningError(f"Không ký được: thiết bị ký báo lỗi ({type(error).__name__}). Chưa có gì thay đổi.")


def check_signed_copy(to_sign: bytes, uploaded: bytes, certificates_of_signer) -> validation.SignatureCheck:
    """Accept `uploaded` only as `to_sign` plus one valid signature by one of the signer's certificates.

    The signed revision must be byte for byte the PDF handed out: `to_sign` is a prefix of the
    upload and the signature is the revision right after it. Anything else: SigningError(reason).
    """
    from pyhanko.pdf_utils.reader import PdfFileReader

    from inspections.signing import outside_event_loop

    if not uploaded.startswith(b"%PDF-"):
        raise SigningError("Tệp tải lên không phải tệp PDF.")
    checks = validation.check_pdf(uploaded)
    if not checks:
        raise SigningError("Tệp tải lên không có chữ ký số nào: hãy ký tệp rồi tải lên lại.")
    revisions = outside_event_loop(lambda: PdfFileReader(BytesIO(to_sign)).xrefs.total_revisions)
    if not uploaded.startswith(to_sign) or checks[0].signed_revision != revisions:
        raise SigningError(
            "Nội dung đã ký khác với bản PDF trình ký do hệ thống cấp: tệp này không phải bản đã tải về "
            "từ trang Duyệt và ký (hoặc đã bị sửa trước khi ký). Hãy ký đúng tệp đã tải về."
        )
    if len(checks) > 1:
        raise SigningError("Tệp có nhiều hơn một chữ ký số; chỉ chấp nhận đúng một chữ ký của người ký.")
    check = checks[0]
    if not (check.intact and check.valid):
        raise SigningError(
            "Chữ ký số trong tệp không hợp lệ: nội dung đã bị sửa sau khi ký hoặc chữ ký bị hỏng."
        )
    by_fingerprint = {certificate.fingerprint: certificate for certificate in certificates_of_signer}
    registered = by_fingerprint.get(check.fingerprint)
    if registered is None:
        raise SigningError(
            f"Tệp được ký bằng chứng thư “{check.common_name}” (sê-ri {check.serial}), không phải chứng thư "
            "số đã đăng ký của người ký thông báo này."
        )
    check.registered = registered
    if not check.valid_at_signing:
        raise SigningError(
            f"Chứng thư số (sê-ri {check.serial}) không còn hiệu lực vào lúc ký "
            f"(hiệu lực {check.not_before:%d/%m/%Y}–{check.not_after:%d/%m/%Y}"
            f"{', đã bị thu hồi' if registered.revoked_at else ''})."
        )
    if check.modification not in {"ENTIRE_FILE", "NONE", "LTA_UPDATES"}:
        raise SigningError("Sau khi ký, tệp còn bị sửa thêm; hãy tải lên đúng tệp vừa ký.")
    return check


def approve_with_signed_file(notice: Notice, *, by, data: bytes, comment: str = "") -> Notice:
    """Approve `notice` with the PDF its signer signed elsewhere, if it is exactly the one handed out."""
    notice = Notice.objects.select_related("organization", "signer").get(pk=notice.pk)
    _check_signer(notice, by)
    signing = NoticeSigning.objects.filter(notice=notice).exclude(to_sign_pdf="").first()
    if signing is None:
        raise SigningError("Chưa có bản PDF trình ký: hãy tải bản trình ký về, ký rồi tải lên.")
    mine = list(Certificate.objects.of_person(by))
    if not mine:
        raise SigningError(f"{by.display_name} chưa có chứng thư số được đăng ký; đề nghị Quản trị đăng ký.")
    check = check_signed_copy(read_to_sign(signing), data, mine)
    with transaction.atomic():
        signing = _locked_signing(signing)
        return _store_approval(signing, data, check.registered, by=by, comment=comment, method="uploaded")


def seal_notice(notice: Notice) -> bytes:
    """The issued PDF: the leader-signed PDF with number and date filled in, sealed by the board."""
    signing = NoticeSigning.objects.filter(notice=notice).exclude(approved_pdf="").first()
    if signing is None:
        raise SigningError("Thông báo chưa được Lãnh đạo ký số khi duyệt; không thể ban hành.")
    organization = notice.organization
    certificate = agency_certificate(organization)
    seal = seal_image(organization)
    if seal is None:  # Decree 30: the agency's signature shows as its seal
        raise SigningError(
            f"{organization.name} chưa có ảnh con dấu được đăng ký; đề nghị Quản trị tải lên "
            "(Quản trị → Ảnh chữ ký / con dấu)."
        )
    signer = keys.agency_signer(certificate)
    with signing.approved_pdf.open("rb") as handle:
        signed = handle.read()
    if hashlib.sha256(signed).hexdigest() != signing.approved_sha256:
        raise SigningError("Tệp Lãnh đạo đã ký trong kho lưu trữ không khớp mã băm; không ban hành.")
    try:
        return pipeline.number_and_seal(
            signed,
            number=pdf.number_line(notice),
            date=pdf.date_line(notice),
            signer=signer,
            seal=seal,
            name=organization.name,
            reason=f"Ban hành {notice.reference}",
            location=notice.place or organization.place,
            timestamper=timestamps.timestamper(),
        )
    except SigningError:
        raise
    except Exception as error:
        keys.forget_agency_signers()  # a token that failed is opened afresh next time
        raise _explain(error) from error
