"""The publisher API's credentials: a site's API token, sent as `Authorization: Bearer`."""

from django.http import Http404, HttpRequest
from ninja.security import HttpBearer

from corrigenda.reports import selectors, services
from corrigenda.reports.models import ApiToken


class SiteToken(HttpBearer):
    """A live token of the site named by `{site_key}` in the path.

    No token, an unknown or a revoked one: 401 (answered by the API's error handlers).
    A good token of another site: 404, as for a site that does not exist, so a token
    reveals nothing about other sites.
    """

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        api_token = selectors.live_api_token(token)
        if api_token is None:
            return None
        match = request.resolver_match
        if match is None or api_token.site.key != match.kwargs.get("site_key"):
            raise Http404("No such site.")
        services.note_api_token_use(api_token)
        return api_token
