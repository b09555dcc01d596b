"""Serving stored files that only logged-in people with the right may read."""

from django.http import FileResponse


def private_attachment(field_file, *, filename: str, content_type: str) -> FileResponse:
    """Stream `field_file` as a download under `filename`, never cached, never sniffed."""
    response = FileResponse(
        field_file.open("rb"), as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
