"""Notice documents: PDF downloads, the public verification page, merged printing."""

import hashlib

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, permission_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from config.throttle import Rate, throttle_posts
from config.uploads import upload_limit
from inspections.models import Notice
from inspections.pdf import merge_stored_pdfs, render_notice_pdf
from inspections.signing import validation
from inspections.text import human_size

VERIFY_MAX_BYTES = 50 * 1024 * 1024
VERIFY_POSTS = Rate(count=5, seconds=60)  # per address, across every app process


def pdf_filename(notice) -> str:
    return f"{notice.file_stem}.pdf"


@permission_required("inspections.view_notice", raise_exception=True)
def notice_pdf(request, pk):
    """Serve an issued notice's stored bytes; render anything else on demand as a draft."""
    notice = get_object_or_404(Notice.objects.select_related("organization", "signer"), pk=pk)
    download = "download" in request.GET
    if notice.is_issued:
        if not notice.pdf:
            raise Http404("Thông báo này không có tệp PDF lưu trữ.")
        response = FileResponse(
            notice.pdf.open("rb"),
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
    checks = [] if notice.imported or not notice.pdf else _stored_checks(notice)
    context = {"notice": notice, "form": form, "result": result, "checks": checks}
    return render(request, "inspections/verify.html", context)


def _stored_checks(notice) -> list:
    with notice.pdf.open("rb") as handle:
        return validation.check_pdf(handle.read())


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
        messages.error(request, "Chưa chọn thông báo đã ban hành nào để in.")
        return _back(request)
    response = HttpResponse(merge_stored_pdfs(n.pdf for n in notices), content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="in-thong-bao.pdf"'
    return response
