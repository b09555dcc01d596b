"""Real parts for signing tests: a SoftHSM2 token per test, and the pipeline's inspections."""

import subprocess

import pytest

SOFTHSM_MODULE = "/usr/lib/softhsm/libsofthsm2.so"
SO_PIN = "87654321"


@pytest.fixture
def softhsm(tmp_path, monkeypatch, settings):
    """A SoftHSM2 of this test's own (SOFTHSM2_CONF and token folder under tmp_path).

    add_token(label, pin, key) creates a token and puts the private `key` on it (label "ky-so");
    the library is re-initialised so that the app sees the new token.
    """
    import pkcs11
    from cryptography.hazmat.primitives import serialization

    from inspections.signing import keys

    tokens = tmp_path / "tokens"
    tokens.mkdir()
    conf = tmp_path / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\n")
    monkeypatch.setenv("SOFTHSM2_CONF", str(conf))
    settings.SIGNING_PKCS11_MODULE = SOFTHSM_MODULE

    def run(*args):
        subprocess.run(["softhsm2-util", *args], check=True, capture_output=True, text=True)

    def add_token(label: str, pin: str, key, key_label: str = "ky-so") -> None:
        run("--init-token", "--free", "--label", label, "--so-pin", SO_PIN, "--pin", pin)
        pem = tmp_path / f"{label}.pem"
        pem.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
        run("--import", str(pem), "--token", label, "--label", key_label, "--id", "01", "--pin", pin)
        pem.unlink()
        keys.forget_agency_signers()
        # SoftHSM reads its configuration and token folder when the library is initialised.
        pkcs11.lib(SOFTHSM_MODULE).reinitialize()

    keys.forget_agency_signers()
    yield add_token
    keys.forget_agency_signers()
