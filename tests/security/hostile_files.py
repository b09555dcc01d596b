"""Hostile files, built on the fly: zip bombs dressed as .docx, archives that lie about their
sizes, XML with entity bombs. Shared by the tests and bench/hostile_bench.py."""

import io
import secrets
import struct
import sys
import zipfile

import docx
from django.test.client import ClientHandler

MB = 1024 * 1024
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DOCUMENT_HEAD = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{W_NS}"><w:body>'
).encode()
DOCUMENT_TAIL = b"</w:body></w:document>"


def _template() -> dict[str, bytes]:
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def docx_with(document_xml_chunks, *, extra: dict[str, bytes] | None = None) -> bytes:
    """A real .docx (python-docx's template) whose word/document.xml is the given chunks,
    written as a stream so a 413 MB document never sits in memory."""
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in _template().items():
            if name != "word/document.xml":
                archive.writestr(name, data)
        with archive.open("word/document.xml", "w") as handle:
            for chunk in document_xml_chunks:
                handle.write(chunk)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return output.getvalue()


def paragraphs(total_bytes: int):
    """word/document.xml of exactly `total_bytes`: one paragraph repeated, as a bomb carries."""
    yield DOCUMENT_HEAD
    paragraph = "<w:p><w:r><w:t>THÔNG BÁO KẾT QUẢ KIỂM TRA</w:t></w:r></w:p>".encode()
    block = paragraph * 4096
    left = total_bytes - len(DOCUMENT_HEAD) - len(DOCUMENT_TAIL)
    while left >= len(block):
        yield block
        left -= len(block)
    yield paragraph * (left // len(paragraph))
    yield b" " * (left % len(paragraph))  # whitespace between elements, to the exact size
    yield DOCUMENT_TAIL


def bomb_docx(inflated: int = 413 * MB) -> bytes:
    """The issue's file: about 1.5 MB on disk, word/document.xml inflating to `inflated` bytes."""
    return docx_with(paragraphs(inflated))


def declare_size(data: bytes, member: str, size: int) -> bytes:
    """Rewrite the uncompressed size `member` declares (local header and central directory),
    leaving its deflate stream as it is: an archive that lies about what it will inflate to."""
    patched = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(member)
        assert info.file_size < 0xFFFFFFFF, "zip64 members are not patched here"
        struct.pack_into("<I", patched, info.header_offset + 22, size)  # local file header
        name = member.encode()
        central = data.index(b"PK\x01\x02", archive.start_dir)
        while data[central + 46 : central + 46 + len(name)] != name:
            central = data.index(b"PK\x01\x02", central + 4)
        struct.pack_into("<I", patched, central + 24, size)  # central directory entry
    return bytes(patched)


def many_members_docx(count: int) -> bytes:
    return docx_with(
        [DOCUMENT_HEAD, DOCUMENT_TAIL], extra={f"customXml/extra{i}.xml": b"<a/>" for i in range(count)}
    )


BILLION_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE w:document [\n<!ENTITY lol "lol">\n'
    + b"".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'.encode()
        for i in range(1, 10)
    )
    + b"]>\n"
    + DOCUMENT_HEAD.split(b"\n", 1)[1]
    + b"<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>"
    + DOCUMENT_TAIL
)


def billion_laughs_docx() -> bytes:
    return docx_with([BILLION_LAUGHS])


class MultipartBody:
    """A multipart/form-data body generated as it is read: form fields, then one file of
    `file_size` bytes (a PDF header and zeros), never held in memory.

    `consumed` counts the bytes the server has read; `on_read()` runs before every read, so a
    test can look at the server's temporary files while the upload is under way."""

    boundary = "----hostile-upload-boundary"

    def __init__(self, fields: dict[str, str], file_field: str, file_name: str, file_size: int, on_read=None):
        head = "".join(
            f'--{self.boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
            for name, value in fields.items()
        )
        head += (
            f'--{self.boundary}\r\nContent-Disposition: form-data; name="{file_field}"; '
            f'filename="{file_name}"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7\n'
        )
        self.head = head.encode()
        self.tail = f"\r\n--{self.boundary}--\r\n".encode()
        self.zeros = file_size - len(b"%PDF-1.7\n")
        self.length = len(self.head) + self.zeros + len(self.tail)
        self.consumed = 0
        self.on_read = on_read or (lambda: None)

    @property
    def content_type(self) -> str:
        return f"multipart/form-data; boundary={self.boundary}"

    def read(self, size: int = -1) -> bytes:
        self.on_read()
        left = self.length - self.consumed
        size = left if size is None or size < 0 else min(size, left)
        out = bytearray()
        position = self.consumed
        while len(out) < size:
            if position < len(self.head):
                piece = self.head[position : position + size - len(out)]
            elif position < len(self.head) + self.zeros:
                piece = bytes(min(size - len(out), len(self.head) + self.zeros - position))
            else:
                start = position - len(self.head) - self.zeros
                piece = self.tail[start : start + size - len(out)]
            out += piece
            position += len(piece)
        self.consumed = position
        return bytes(out)

    def readline(self, size: int = -1) -> bytes:
        out = bytearray()
        while size < 0 or len(out) < size:
            byte = self.read(1)
            out += byte
            if byte in (b"", b"\n"):
                break
        return bytes(out)


def post_stream(path: str, body: MultipartBody, *, session_cookie: str = ""):
    """POST `body` through Django's whole request handling, CSRF checks included, reading it
    from the stream as a server would (the test client would build the body in memory)."""
    token = secrets.token_hex(16)  # a CSRF secret: the same in the cookie and the form
    body.head = body.head.replace(b"CSRF-TOKEN", token.encode())
    body.length = len(body.head) + body.zeros + len(body.tail)
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "REMOTE_ADDR": "203.0.113.7",
        "CONTENT_TYPE": body.content_type,
        "CONTENT_LENGTH": str(body.length),
        "HTTP_COOKIE": f"csrftoken={token}; {session_cookie}",
        "wsgi.input": body,
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }
    return ClientHandler(enforce_csrf_checks=True)(environ)
