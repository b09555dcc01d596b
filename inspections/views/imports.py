"""Clerks bring in notices issued before the app (text, Markdown, Word), and anyone who may read a
notice downloads it as .docx."""

from pathlib import PurePath

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_POST

from config.uploads import upload_limit
from inspections.docx_export import notice_docx
from inspections.importing import ImportRefused
from inspections.importing.decode import MAX_BYTES
from inspections.models import Notice, TransitionError
from inspections.services.importing import (
    attach_paper_copy,
    discard_pending,
    import_notice_file,
    preview_import,
    read_pending,
    stash_pending,
    sweep_pending,
)
from inspections.views.files import private_attachment
from inspections.vn import vn_short_date

PENDING_KEY = "pending_imports"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
SOURCE_TYPES = {
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".docx": DOCX_TYPE,
}


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Tệp thông báo",
        help_text="Văn bản UTF-8 (.txt, .md) chuyển từ bản scan, hoặc tệp Word (.docx). Tối đa 5 MB.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError("Tệp quá lớn (trên 5 MB).")
        return upload


def _stash(request, data: bytes, name: str) -> str:
    """Keep the uploaded bytes until the clerk confirms; the session maps a token to the file."""
    path = stash_pending(data, name)
    token = path.rsplit("/", 1)[-1].split(".", 1)[0]
    pending = request.session.get(PENDING_KEY, {})
    for old in list(pending)[:-4]:  # keep the last five previews only
        discard_pending(pending.pop(old)["path"])
    pending[token] = {"path": path, "name": name[:200]}
    request.session[PENDING_KEY] = pending
    return token


def _forget(request, token: str) -> None:
    pending = request.session.get(PENDING_KEY, {})
    entry = pending.pop(token, None)
    request.session[PENDING_KEY] = pending
    if entry:
        discard_pending(entry["path"])


def _recent():
    return (
        Notice.objects.filter(imported=True)
        .select_related("inspection")
        .order_by("-issued_on", "-number")[:20]
    )


@permission_required("inspections.issue_notice", raise_exception=True)
@upload_limit(lambda: MAX_BYTES)
def import_upload(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        sweep_pending()  # previews nobody saved, older than a day
        upload = form.cleaned_data["file"]
        data = upload.read()
        try:
            preview = preview_import(data, upload.name)
        except ImportRefused as error:
            form.add_error("file", error.message)
            problems = error.problems
        else:
            token = _stash(request, data, upload.name)
            context = {"preview": preview, "parsed": preview.parsed, "token": token, "name": upload.name}
            return render(request, "inspections/import_preview.html", context)
    return render(
        request, "inspections/import_form.html", {"form": form, "problems": problems, "recent": _recent()}
    )


@require_POST
@permission_required("inspections.issue_notice", raise_exception=True)
def import_save(request):
    token = request.POST.get("token", "")
    entry = request.session.get(PENDING_KEY, {}).get(token)
    data = read_pending(entry["path"]) if entry else None
    if data is None:
        _forget(request, token)
        messages.error(request, "Bản xem trước đã hết hạn hoặc đã được lưu; hãy tải tệp lên lại.")
        return redirect("inspections:import-upload")
    try:
        result = import_notice_file(data, entry["name"], by=request.user)
    except ImportRefused as error:
        messages.error(request, f"{entry['name']}: {error.message}")
        return redirect("inspections:import-upload")
    except PermissionDenied:
        raise
    # Only now: after a refusal or any error above, the same preview can be saved again.
    _forget(request, token)
    notice = result.notice
    if result.created:
        messages.success(
            request, f"Đã nhập thông báo {notice.reference} ngày {vn_short_date(notice.issued_on)}."
        )
    else:
        messages.info(request, f"Thông báo {notice.reference} đã có; không tạo gì mới.")
    try:
        return redirect(reverse("inspections:notice-detail", args=[notice.pk]))
    except NoReverseMatch:  # the notices pages live in another module
        return redirect("inspections:import-upload")


@permission_required("inspections.view_notice", raise_exception=True)
def notice_docx_download(request, pk):
    notice = get_object_or_404(Notice.objects.select_related("organization", "signer"), pk=pk)
    name = notice.file_stem
    response = HttpResponse(notice_docx(notice), content_type=DOCX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}.docx"'
    return response


@permission_required("inspections.view_notice", raise_exception=True)
def notice_source_download(request, pk):
    """The file an imported notice was read from, as the clerk uploaded it."""
    notice = get_object_or_404(Notice, pk=pk, imported=True)
    if not notice.source_file:
        raise Http404("Thông báo này không có tệp nguồn.")
    suffix = PurePath(notice.source_file.name).suffix.lower()
    return private_attachment(
        notice.source_file,
        filename=f"{notice.file_stem}-tep-nguon{suffix}",
        content_type=SOURCE_TYPES.get(suffix, "application/octet-stream"),
    )


@require_POST
@permission_required("inspections.issue_notice", raise_exception=True)
def notice_paper_copy(request, pk):
    notice = get_object_or_404(Notice, pk=pk)
    try:
        attach_paper_copy(notice, by=request.user)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Đã tạo bản PDF của ứng dụng cho Thông báo số {notice.reference}.")
    return redirect(notice)
