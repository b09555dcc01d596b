"""Uploads bounded while they stream: the server stops receiving a file at the endpoint's limit.

Django's own checks come too late for files: a form's size check runs after the whole body
has been received and spooled to a temporary file, so a 200 MB POST to the public
verification page cost 200 MB of disk before "Tệp quá lớn" was said. Here:

- a view that takes files says how much with `@upload_limit(lambda: BYTES)` (a callable, read
  per request, so settings and tests can change it); any other view takes no file at all, and
  a person who must log in first takes none before logging in;
- `UploadLimitMiddleware` (before CsrfViewMiddleware, which reads the body first) puts
  `LimitedUploadHandler` in front of Django's handlers. The handler counts the file bytes as
  they arrive and raises StopUpload before passing on the chunk that would go past the limit,
  so at most `limit` bytes ever reach memory or the temporary file;
- the file that was cut off is then in request.FILES as a `TooLarge` stand-in: empty, never
  readable, whose size is what the client announced (above the limit), so each form's own size
  check says next to the field that the file is too big. What was typed before the file
  (e.g. a report's text) is kept.

A body at most twice the limit is read to its end and thrown away, so the browser gets the page
with the message; a bigger one is cut off and the connection closed. The proxy in front (README,
nginx `client_max_body_size`) refuses bodies above the largest limit before they reach us.
"""

from collections.abc import Callable

from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload

NO_FILES = 0


def upload_limit(limit: Callable[[], int]):
    """Mark a view as taking uploaded files of at most `limit()` bytes (all files together)."""

    def decorate(view):
        view.upload_limit = limit
        return view

    return decorate


class TooLarge(UploadedFile):
    """An uploaded file the server stopped receiving at `limit` bytes; it holds nothing."""

    def __init__(self, name: str, size: int, limit: int):
        super().__init__(file=None, name=name, content_type="application/octet-stream", size=size)
        self.limit = limit

    def _refuse(self, *args, **kwargs):
        raise ValueError(f"“{self.name}” was cut off at {self.limit} bytes and must be refused, not read.")

    open = read = chunks = seek = _refuse

    def multiple_chunks(self, chunk_size=None):
        return False


class LimitedUploadHandler(FileUploadHandler):
    """Pass file chunks on until `limit` bytes; then stop reading the request."""

    def __init__(self, request, limit: int):
        super().__init__(request)
        self.limit = limit
        self.received = 0
        self.body_length = None

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.body_length = content_length

    def receive_data_chunk(self, raw_data, start):
        if self.received + len(raw_data) > self.limit:
            announced = max(self.body_length or 0, self.received + len(raw_data))
            self.request.upload_cut_off = TooLarge(self.file_name or "", announced, self.limit)
            self.request.upload_cut_off_field = self.field_name
            drain = self.body_length is not None and self.body_length <= 2 * self.limit
            raise StopUpload(connection_reset=not drain)
        self.received += len(raw_data)
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handler (memory or temporary file) builds the file


class UploadLimitMiddleware:
    """Bound every multipart POST by its view's `upload_limit` (none: no file at all)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "POST" or request.content_type != "multipart/form-data":
            return None
        limit = getattr(view_func, "upload_limit", None)
        logged_in = request.user.is_authenticated or not getattr(view_func, "login_required", True)
        size = limit() if limit is not None and logged_in else NO_FILES
        request.upload_handlers.insert(0, LimitedUploadHandler(request, size))
        try:
            request.POST  # noqa: B018 (parse now, as CsrfViewMiddleware would next)
        except OSError:
            return None  # a broken connection: CsrfViewMiddleware treats it as it always has
        cut_off = getattr(request, "upload_cut_off", None)
        if cut_off is not None:
            request.FILES.setlist(request.upload_cut_off_field, [cut_off])
        return None
