"""Digital signatures on outgoing documents (Decree 30/2020, Điều 5; Phụ lục I, II.7.d, II.8.a).

A document is signed twice: by the competent person when they approve it, then by the agency
when the clerk gives it its number and date. The modules, by concept:

- certificates: reading certificates, their validity, self-signed ones for development;
- keys: the pyHanko signer for a person (PKCS#11 token with a typed PIN, or PKCS#12 with a
  typed password) or for the agency (PKCS#12 or PKCS#11 from the environment);
- images: the signer's blue signature and the agency's red seal (PNG, transparent), checked
  on upload and drawn as the signatures' appearances;
- fonts, fields: the number and date as form fields, filled after the first signature;
- pipeline: prepare a rendered PDF, sign it as a person, number and seal it as the agency;
- validation: what pyHanko's validator says of each signature, in words people read;
- timestamps: the optional RFC 3161 time-stamp authority (SIGNING_TSA_URL).
"""


class SigningError(Exception):
    """A signature cannot be made (no certificate, wrong PIN, expired or revoked, bad key)."""


def outside_event_loop(work):
    """Run `work()` here, or in a worker thread when this thread already runs an asyncio loop.

    pyHanko's synchronous API calls asyncio.run(), which refuses to run inside a running loop
    (an async caller, or a Playwright session driving a test in the same thread).
    """
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return work()
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(work).result()
