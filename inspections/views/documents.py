"""Notice documents: PDF downloads, the public verification page, merged printing."""

import hashlib
import io

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from config.throttle import Rate, throttle_posts
from config.uploads import upload_limit
from inspections.models import Notice
from inspections.pdf import merge_stored_pdfs, render_notice_pdf
from inspections.services.integrity import FileIntegrityError, verified_pdf
from inspections.signing import validation
from inspections.text import human_size
from inspections.unit_readers import can_read_notice

VERIFY_MAX_BYTES = 50 * 1024 * 1024
VERIFY_POSTS = Rate(count=5, seconds=60)  # per address, across every app process


def pdf_filename(notice) -> str:
    return f"{notice.file_stem}.pdf"


def integrity_refusal(request, errors: list[FileIntegrityError]) -> HttpResponse:
    """409 Conflict: the stored file contradicts the record, and the request cannot be served
    until an administrator restores the file; not a 500 (nothing crashed, the check worked)
    nor a 503 (waiting does not help). The alarm is already logged (services.integrity)."""
    context = {"problems": [str(error) for error in errors]}
    return render(request, "inspections/file_integrity.html", context, status=409)


def notice_pdf(request, pk):
    """Serve an issued notice's stored bytes; render anything else on demand as a draft."""
    notice = get_object_or_404(Notice.objects.select_related("organization", "signer"), pk=pk)
    if not can_read_notice(request.user, notice):  # a unit's people: issued notices for their unit
        raise PermissionDenied
    download = "download" in request.GET
    if notice.is_issued:
        if not notice.pdf:
            raise Http404("Thông báo này không có tệp PDF lưu trữ.")
        try:
            data = verified_pdf(notice)  # never the bytes of a file changed since issue
        except FileIntegrityError as error:
            return integrity_refusal(request, [error])
        response = FileResponse(
            io.BytesIO(data),
            content_type="application/pdf",
            as_attachment=download,
            filename=pdf_filename(notice),
        )
        response["ETag"] = f'"{notice.pdf_sha256}"'
        return response
    response = HttpResponse(render_notice_pdf(notice), content_type="application/pdf")
    disposition = "attachment" if download else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{pdf_filename(notice)}"'
    return response


class VerifyForm(forms.Form):
    file = forms.FileField(label="Tệp PDF cần đối chiếu")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = f"Tệp bạn đã nhận (tối đa {human_size(VERIFY_MAX_BYTES)})."

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > VERIFY_MAX_BYTES:
            raise forms.ValidationError(f"Tệp quá lớn (tối đa {human_size(VERIFY_MAX_BYTES)}).")
        return upload


@login_not_required
@throttle_posts("verify", VERIFY_POSTS, "đối chiếu tệp")
@upload_limit(lambda: VERIFY_MAX_BYTES)
def verify(request, code):
    """The one public page: what was issued under `code`, and whether an upload is that file."""
    notice = get_object_or_404(Notice.objects.issued(), verification_code=code)
    # Bound on every POST, even an empty one, so that a missing file gets its message.
    form = VerifyForm(request.POST, request.FILES) if request.method == "POST" else VerifyForm()
    result = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data["file"].read()
        digest = hashlib.sha256(data).hexdigest()
        result = {"match": digest == notice.pdf_sha256, "sha256": digest}
        if not result["match"]:  # whose signatures, if any, the other file still carries
            result["checks"] = validation.check_pdf(data)
    # Imported notices were signed on paper: their copy carries no signature to check.
    checks, stored_problem = [], ""
    if notice.pdf and not notice.imported:
        try:
            checks = validation.check_pdf(verified_pdf(notice))
        except FileIntegrityError as error:
            stored_problem = str(error)
    context = {"notice": notice, "form": form, "result": result, "checks": checks}
    context["stored_problem"] = stored_problem
    return render(request, "inspections/verify.html", context)


def _back(request):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect("home")


@require_POST
@permission_required("inspections.view_notice", raise_exception=True)
def print_merged(request):
    """One PDF of the chosen issued notices (by id, or all of a round), in number order."""
    notices = Notice.objects.issued().exclude(pdf="")
    ids = [value for value in request.POST.getlist("notices") if value.isdigit()]
    inspection = request.POST.get("inspection", "")
    if ids:
        notices = notices.filter(pk__in=ids)
    elif inspection.isdigit():
        notices = notices.filter(inspection_id=inspection)
    else:
        notices = notices.none()
    notices = list(notices.order_by("year", "number"))
    if not notices:
        messages.error(request, "Chưa chọn văn bản đã ban hành nào để in.")
        return _back(request)
    files, refused = [], []
    for notice in notices:
        try:
            files.append(verified_pdf(notice))
        except FileIntegrityError as error:
            refused.append(error)
    if refused:  # a print of the others would look complete: refuse it whole
        return integrity_refusal(request, refused)
    response = HttpResponse(merge_stored_pdfs(files), content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="in-thong-bao.pdf"'
    return response
