"""The site's corrections log as an Atom feed (Django's syndication framework)."""

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from corrigenda.corrections.models import Correction
from corrigenda.reports.models import Site

from . import selectors
from .markup import web_url

FEED_LENGTH = 50


class CorrectionsFeed(Feed):
    """Made anew for each request (see views.corrections_feed): entry ids need the
    request's host, which a feed shared across threads could not keep."""

    feed_type = Atom1Feed
    item_guid_is_permalink = False

    def __init__(self, request: HttpRequest, site_key: str) -> None:
        super().__init__()
        self.request, self.site_key = request, site_key

    def get_object(self, request: HttpRequest, site_key: str) -> Site:
        return selectors.public_site_or_404(site_key)

    def title(self, site: Site) -> str:
        return _("Corrections · %(site)s") % {"site": site.name}

    def subtitle(self, site: Site) -> str:
        return _("Corrections, clarifications and updates published on %(site)s.") % {
            "site": site.name
        }

    def link(self, site: Site) -> str:
        return reverse("public:corrections", kwargs={"site_key": site.key})

    def items(self, site: Site):
        return selectors.published_corrections(site)[:FEED_LENGTH]

    def item_title(self, correction: Correction) -> str:
        return _("%(kind)s: %(article)s") % {
            "kind": correction.get_kind_display(),
            "article": correction.article,
        }

    def item_description(self, correction: Correction) -> str:
        # The note as the public log shows it, escaped by the template; rendered without the
        # request so no session is read and caches need not vary by cookie.
        return render_to_string("corrections/_note.html", {"correction": correction})

    def item_link(self, correction: Correction) -> str:
        # A URL that is not http(s) is no link to follow: point at the note in the log.
        return web_url(correction.article.canonical_url) or self._log_entry(correction)

    def item_guid(self, correction: Correction) -> str:
        # One article can have several notes, so the article's URL cannot be the id.
        return self._log_entry(correction)

    def item_pubdate(self, correction: Correction):
        return correction.published_at

    def item_updateddate(self, correction: Correction):
        return correction.amended_at or correction.published_at

    def _log_entry(self, correction: Correction) -> str:
        path = reverse("public:corrections", kwargs={"site_key": self.site_key})
        return self.request.build_absolute_uri(f"{path}#correction-{correction.pk}")
