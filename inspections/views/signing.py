"""Approving is signing: the approve page, the PDF to sign, a PDF signed elsewhere."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from config.uploads import upload_limit
from inspections.forms_signing import SIGNED_PDF_MAX_BYTES, ApproveForm, SignedUploadForm
from inspections.models import TransitionError
from inspections.services import signing
from inspections.signing import SigningError
from inspections.siteurl import site_url_refusal
from inspections.views.notices import _get

UPLOAD = "da-ky"  # the upload form's prefix: its comment field is not the sign-here form's
APPROVED = "Đã duyệt và ký số thông báo; Văn thư có thể cấp số, ngày và đóng dấu số để ban hành."


def _certificate(user):
    try:
        return signing.person_certificate(user), ""
    except SigningError as error:
        return None, str(error)


def _page(request, notice, *, form=None, upload_form=None, status=200):
    certificate, problem = _certificate(request.user)
    context = {
        "notice": notice,
        "certificate": certificate,
        "problem": problem,
        "signs_here": certificate is not None and certificate.key_store != certificate.KeyStore.ELSEWHERE,
        "has_image": signing.signature_image(request.user) is not None,
        "form": form or ApproveForm(certificate=certificate),
        "upload_form": upload_form or SignedUploadForm(prefix=UPLOAD),
    }
    return render(request, "inspections/notice_approve.html", context, status=status)


def _refuse(request, notice, error):
    messages.error(request, str(error))
    return redirect(notice)


@permission_required("inspections.approve_notice", raise_exception=True)
def notice_approve(request, pk):
    """GET: the approve page. POST: approve by signing here with the PIN or password typed."""
    notice = _get(pk)
    refusal = signing.approval_refusal(notice, request.user) or site_url_refusal(request)
    if refusal:
        return _refuse(request, notice, refusal)
    if request.method != "POST":
        return _page(request, notice)
    form = ApproveForm(request.POST, certificate=_certificate(request.user)[0])
    if form.is_valid():
        try:
            signing.approve_and_sign(
                notice,
                by=request.user,
                secret=form.cleaned_data["secret"],
                comment=form.cleaned_data["comment"],
            )
        except SigningError as error:
            form.add_error("secret", str(error))
        except TransitionError as error:
            return _refuse(request, notice, error)
        else:
            messages.success(request, APPROVED)
            return redirect(notice)
    return _page(request, notice, form=form, status=400)


@require_POST
@permission_required("inspections.approve_notice", raise_exception=True)
@upload_limit(lambda: SIGNED_PDF_MAX_BYTES)
def notice_approve_upload(request, pk):
    """Approve with the PDF the leader signed on their own computer, if it is the one handed out."""
    notice = _get(pk)
    if refusal := site_url_refusal(request):  # the signed PDF's QR code would be a dead link
        return _refuse(request, notice, refusal)
    form = SignedUploadForm(request.POST, request.FILES, prefix=UPLOAD)
    if form.is_valid():
        try:
            signing.approve_with_signed_file(
                notice,
                by=request.user,
                data=form.cleaned_data["file"].read(),
                comment=form.cleaned_data["comment"],
            )
        except SigningError as error:
            form.add_error("file", f"Không nhận tệp: {error}")
        except TransitionError as error:
            return _refuse(request, notice, error)
        else:
            messages.success(request, APPROVED)
            return redirect(notice)
    return _page(request, notice, upload_form=form, status=400)


@permission_required("inspections.approve_notice", raise_exception=True)
def notice_to_sign_pdf(request, pk):
    """The final PDF the signer signs (all but number and date), rendered once per content."""
    notice = _get(pk)
    if refusal := site_url_refusal(request):
        return _refuse(request, notice, refusal)
    try:
        record = signing.prepare_to_sign(notice, by=request.user)
    except TransitionError as error:
        return _refuse(request, notice, error)
    return FileResponse(
        record.to_sign_pdf.open("rb"),
        content_type="application/pdf",
        as_attachment="download" in request.GET,
        filename=f"{notice.file_stem}-trinh-ky.pdf",
    )
