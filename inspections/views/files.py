"""Serving stored files that only logged-in people with the right may read."""

import io

from django.http import FileResponse


def private_attachment(
    field_file, *, filename: str, content_type: str, data: bytes | None = None
) -> FileResponse:
    """Stream `field_file` (or `data`, its bytes already read and checked) as a download under
    `filename`, never cached, never sniffed."""
    handle = io.BytesIO(data) if data is not None else field_file.open("rb")
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
