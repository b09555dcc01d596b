"""Every refusal as JSON in Vietnamese: `{"detail": "…"}` for the request, `{"field": ["…"]}`
per field, the same words as the forms where a form decides.

REST framework's own messages are English (its Vietnamese catalogue is a few lines), so
they are replaced here by their error code; a message a form or service wrote is kept.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from inspections.models import TransitionError

MESSAGES = {
    "required": "Trường này là bắt buộc.",
    "null": "Trường này không được để trống (null).",
    "blank": "Trường này không được để trống.",
    "invalid": "Giá trị không hợp lệ.",
    "max_length": "Nội dung quá dài.",
    "min_value": "Giá trị quá nhỏ.",
    "max_value": "Giá trị quá lớn.",
    "max_string_length": "Số quá lớn.",
    "invalid_choice": "Giá trị không nằm trong các lựa chọn cho phép.",
    "does_not_exist": "Không có bản ghi với mã số này.",
    "incorrect_type": "Kiểu dữ liệu không đúng: cần mã số (số nguyên).",
    "no_name": "Tệp không có tên.",
    "empty": "Tệp rỗng, không có nội dung.",
    "not_a_list": "Cần một danh sách.",
    "not_authenticated": "Chưa xác thực: gửi mã truy cập trong tiêu đề “Authorization: Bearer <mã>”.",
    "permission_denied": "Bạn không có quyền thực hiện thao tác này.",
    "not_found": "Không tìm thấy.",
    "method_not_allowed": "Phương thức không được hỗ trợ ở địa chỉ này.",
    "not_acceptable": "Không trả được định dạng yêu cầu; API trả JSON.",
    "unsupported_media_type": "Kiểu nội dung không được hỗ trợ; hãy gửi JSON hoặc multipart/form-data.",
    "parse_error": "Nội dung gửi lên không đọc được (JSON sai cú pháp).",
}
# Messages of these codes come from our code (forms, services, authentication): kept as written.
OURS = {"authentication_failed", "throttled", "ours"}


def vietnamese(detail):
    """Replace REST framework's English messages by ours, keeping the structure."""
    if isinstance(detail, list):
        return [vietnamese(item) for item in detail]
    if isinstance(detail, dict):
        return {key: vietnamese(value) for key, value in detail.items()}
    code = getattr(detail, "code", None)
    if code in OURS or code not in MESSAGES:
        return str(detail)
    return MESSAGES[code]


def exception_handler(exc, context):
    if isinstance(exc, TransitionError):  # the record's state or rules refuse: nothing changed
        return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, exceptions.Throttled):
        exc.detail = exceptions.ErrorDetail(
            f"Quá nhiều yêu cầu từ mã truy cập này; thử lại sau {exc.wait or 1:.0f} giây.", code="throttled"
        )
    elif isinstance(exc, exceptions.PermissionDenied) and str(exc.detail).startswith("CSRF"):
        exc.detail = exceptions.ErrorDetail(
            "Từ chối vì thiếu mã CSRF: trình duyệt phải gửi tiêu đề X-CSRFToken "
            "(chương trình dùng mã truy cập thì không cần).",
            code="ours",
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()  # get_object_or_404's English text says nothing more
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is not None:
        response.data = vietnamese(response.data)
    return response
