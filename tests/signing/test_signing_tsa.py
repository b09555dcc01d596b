"""The optional RFC 3161 time-stamp authority (SIGNING_TSA_URL), against a local test TSA.

The test starts its own TSA on 127.0.0.1: pyHanko's DummyTimeStamper (a real RFC 3161
responder signing with its own certificate) behind a small HTTP server.
"""

import datetime
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from asn1crypto import keys as asn1_keys
from asn1crypto import tsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from inspections.models import Notice
from inspections.services.issuing import issue_notice
from inspections.services.notices import apply_action, draft_notice, snapshot_signer
from inspections.services.signing import approve_and_sign
from inspections.signing import SigningError, validation

pytestmark = [pytest.mark.django_db, pytest.mark.real_pdf]


def tsa_certificate():
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "TSA thử nghiệm")])
    start = datetime.datetime(2023, 1, 1, tzinfo=datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + datetime.timedelta(days=3650))
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .sign(key, hashes.SHA256())
    )
    return key, cert


@pytest.fixture(scope="module")
def tsa(tmp_path_factory):
    """(url, PEM path of its certificate) of a time-stamp authority serving on 127.0.0.1."""
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

    key, cert = tsa_certificate()
    stamper = DummyTimeStamper(
        tsa_cert=asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER)),
        tsa_key=asn1_keys.PrivateKeyInfo.load(
            key.private_bytes(
                serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        ),
    )

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's name
            request = tsp.TimeStampReq.load(self.rfile.read(int(self.headers["Content-Length"])))
            answer = stamper.request_tsa_response(request).dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    pem = tmp_path_factory.mktemp("tsa") / "tsa.pem"
    pem.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    yield f"http://127.0.0.1:{server.server_address[1]}/", pem
    server.shutdown()


@pytest.fixture
def in_review(demo, inspector, leader, register_signer, register_board):
    notice = draft_notice(demo.departments_round, by=inspector)
    notice.signer = leader
    snapshot_signer(notice)
    notice.save()
    register_signer(leader)
    register_board(demo.organization)
    return apply_action(notice, "submit", by=inspector)


def test_with_a_tsa_both_signatures_carry_its_time(settings, tsa, in_review, leader, clerk):
    settings.SIGNING_TSA_URL, pem = tsa
    settings.SIGNING_TRUST_ROOTS = [str(pem)]
    approve_and_sign(in_review, by=leader, secret="mat-khau-ky")
    notice = issue_notice(Notice.objects.get(pk=in_review.pk), by=clerk, number=2881)

    checks = validation.check_pdf(notice.pdf.read())

    assert len(checks) == 2
    for check in checks:
        assert check.timestamp is not None and check.problems == []
        assert abs((check.timestamp - check.signed_at).total_seconds()) < 60
        assert check.ok


def test_a_tsa_that_does_not_answer_stops_the_signature_and_nothing_changes(settings, in_review, leader):
    settings.SIGNING_TSA_URL = "http://127.0.0.1:9/"  # the discard port: nothing answers
    with pytest.raises(SigningError, match="Không lấy được dấu thời gian"):
        approve_and_sign(in_review, by=leader, secret="mat-khau-ky")
    assert Notice.objects.get(pk=in_review.pk).status == "in_review"
