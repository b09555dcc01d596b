"""The optional RFC 3161 time-stamp authority (SIGNING_TSA_URL): a trusted time on each signature."""

from django.conf import settings

from inspections.signing import SigningError

TIMEOUT_SECONDS = 10


def timestamper():
    """pyHanko's HTTP time-stamper for SIGNING_TSA_URL, or None when no authority is configured."""
    if not settings.SIGNING_TSA_URL:
        return None
    from pyhanko.sign.timestamps import HTTPTimeStamper

    return HTTPTimeStamper(settings.SIGNING_TSA_URL, timeout=TIMEOUT_SECONDS)


def explain(error: Exception) -> SigningError:
    """A time-stamp failure as the Vietnamese message the signer reads."""
    return SigningError(
        f"Không lấy được dấu thời gian từ máy chủ cấp dấu thời gian ({settings.SIGNING_TSA_URL}); "
        f"chưa ký. Thử lại sau hoặc báo quản trị. ({type(error).__name__})"
    )
