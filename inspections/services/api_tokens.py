"""Personal API tokens: made and revoked by their owner, revoked by an admin, audited.

A key is `kt_` and 43 random URL-safe characters (256 bits). Only its SHA-256 is stored: a key
that random needs no slow hash, and a stolen database holds no usable key.
"""

import hashlib
import secrets

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from inspections.audit import record
from inspections.models import ApiToken

KEY_PREFIX = "kt_"
MAX_LIVE_TOKENS = 20


class TokenRefused(Exception):
    """A key that is unknown, revoked, or belongs to a deactivated person (Vietnamese message)."""


def digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def create_token(user, *, name: str, by) -> tuple[ApiToken, str]:
    """Make a token for `user`; return it and its key, which is never shown again."""
    if by.pk != user.pk:
        raise PermissionDenied  # a key is made only by the person who will use it
    if ApiToken.objects.live().filter(user=user).count() >= MAX_LIVE_TOKENS:
        raise TokenRefused(
            f"Mỗi người có tối đa {MAX_LIVE_TOKENS} mã đang dùng; hãy thu hồi mã không dùng nữa."
        )
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name.strip(), prefix=key[:10], key_sha256=digest(key))
    record(token, "apitoken.create", by=by, data={"Tên": ["", token.name]})
    return token, key


def can_revoke(token: ApiToken, by) -> bool:
    return by.pk == token.user_id or by.is_superuser


@transaction.atomic
def revoke_token(token: ApiToken, *, by) -> ApiToken:
    """Revoke `token` (its owner, or an administrator); a revoked token stays listed."""
    if not can_revoke(token, by):
        raise PermissionDenied
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at, token.revoked_by = timezone.now(), by
        token.save(update_fields=["revoked_at", "revoked_by"])
        record(token, "apitoken.revoke", by=by)
    return token


def user_for_key(key: str):
    """Return (user, token) for a presented key, or raise TokenRefused."""
    token = ApiToken.objects.select_related("user").filter(key_sha256=digest(key)).first()
    if token is None:
        raise TokenRefused("Mã truy cập không đúng.")
    if token.revoked_at is not None:
        raise TokenRefused("Mã truy cập đã bị thu hồi.")
    if not token.user.is_active:
        raise TokenRefused("Tài khoản của mã truy cập này đã bị khóa.")
    now = timezone.now()
    # At most one write a minute per token, not one per request.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user, token
