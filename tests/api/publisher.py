"""Calls to the publisher API as a site's CMS makes them."""

from corrigenda.reports.models import Site


def bearer(plaintext: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {plaintext}"}


def articles_url(site: Site | str) -> str:
    return f"/api/v1/sites/{getattr(site, 'key', site)}/articles"


def annotations_url(site: Site | str, page: int | None = None) -> str:
    url = f"/api/v1/sites/{getattr(site, 'key', site)}/annotations"
    return url if page is None else f"{url}?page={page}"
