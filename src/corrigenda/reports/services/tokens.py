"""Publisher API tokens of a site."""

import secrets
from datetime import timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from ..models import (
    ApiToken,
    Event,
    Site,
)


def create_api_token(site: Site, name: str, *, by: AbstractBaseUser | None) -> tuple[ApiToken, str]:
    """A new publisher API token of the site, and its plaintext. Only a digest is
    stored, so the caller shows the plaintext once and it is never seen again."""
    prefix = f"cg_{secrets.token_hex(4)}"
    plaintext = f"{prefix}_{secrets.token_urlsafe(32)}"
    with transaction.atomic():
        token = ApiToken.objects.create(
            site=site,
            name=name,
            prefix=prefix,
            digest=ApiToken.digest_of(plaintext),
            created_by=by,
        )
        Event.objects.create(
            site=site,
            actor=by,
            action="site.token_created",
            detail={"token": token.pk, "name": name, "prefix": prefix},
        )
    return token, plaintext


def revoke_api_token(token: ApiToken, *, by: AbstractBaseUser | None) -> ApiToken:
    """Stop a token from working, for good. Revoking it again changes nothing."""
    if token.revoked is not None:
        return token
    with transaction.atomic():
        token.revoked = timezone.now()
        token.save(update_fields=["revoked"])
        Event.objects.create(
            site_id=token.site_id,
            actor=by,
            action="site.token_revoked",
            detail={"token": token.pk, "name": token.name, "prefix": token.prefix},
        )
    return token


API_TOKEN_USE_RESOLUTION = timedelta(minutes=1)


def note_api_token_use(token: ApiToken) -> None:
    """Keep `last_used` to the minute: a busy integration does not write on every call."""
    now = timezone.now()
    if token.last_used is None or now - token.last_used >= API_TOKEN_USE_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used=now)
        token.last_used = now
