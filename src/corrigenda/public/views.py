"""Pages anyone may open: the no-JavaScript suggestion form and the public corrections
(the site's log, its Atom feed, each article's notes as an HTML fragment)."""

import math
import secrets

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from corrigenda.api.throttling import ReporterThrottle, article_report_wait, client_hash
from corrigenda.languages import speak_site_language
from corrigenda.reports import services
from corrigenda.reports.models import Site

from . import markup, selectors
from .feeds import CorrectionsFeed
from .forms import SuggestionForm
from .http import allow_site_origin, not_modified, stamp


def home(request: HttpRequest) -> HttpResponse:
    return redirect("desk:queue")


def suggest(request: HttpRequest, site_key: str) -> HttpResponse:
    site = get_object_or_404(Site, key=site_key)
    speak_site_language(request, site)
    if request.method == "POST":
        form = SuggestionForm(request.POST, site=site)
        throttle = ReporterThrottle()
        if form.is_valid():
            wait = (
                article_report_wait(site.key, form.cleaned_data["url"])
                if throttle.allow_request(request)
                else throttle.wait()
            )
            if wait is not None:
                response = render(
                    request,
                    "public/suggest.html",
                    {
                        "site": site,
                        "form": form,
                        "rate_limited": True,
                        # Kept so a resend after waiting is recognised as the same report.
                        "idempotency_key": request.POST.get("idempotency_key", ""),
                    },
                    status=429,
                )
                response["Retry-After"] = str(max(1, math.ceil(wait)))
                return response
            data = form.cleaned_data
            services.receive_report(
                site,
                services.ReportSubmission(
                    page_url=data["url"],
                    canonical_url=data["url"],
                    kind=data["kind"],
                    comment=data["comment"],
                    suggestion=data["suggestion"],
                    email=data["email"],
                    language=site.language,
                    idempotency_key=request.POST.get("idempotency_key") or None,
                    client_hash=client_hash(request, site.key),
                    is_spam=bool(data["website"]),
                ),
            )
            return render(request, "public/thanks.html", {"site": site, "url": data["url"]})
    else:
        form = SuggestionForm(initial={"url": request.GET.get("url", "")}, site=site)
    return render(
        request,
        "public/suggest.html",
        {"site": site, "form": form, "idempotency_key": secrets.token_urlsafe(16)},
    )


def corrections_log(request: HttpRequest, site_key: str) -> HttpResponse:
    """The site's public corrections log: newest first, by month, paginated."""
    site = selectors.public_site_or_404(site_key)
    speak_site_language(request, site)
    freshness = selectors.log_freshness(site)
    if (cached := not_modified(request, freshness)) is not None:
        return cached
    month, page = selectors.log_page(site, request.GET.get("month"), request.GET.get("page"))
    # Rendered without the request: no session is read, so caches need not vary by cookie.
    html = render_to_string(
        "public/corrections_log.html",
        {
            "site": site,
            "month": month,
            "months": selectors.months_with_corrections(site),
            "page": page,
            "feed_url": reverse("public:corrections-feed", kwargs={"site_key": site.key}),
            "json_url": reverse("api-v1:corrections", kwargs={"site_key": site.key}),
        },
    )
    return stamp(HttpResponse(html), freshness)


def corrections_feed(request: HttpRequest, site_key: str) -> HttpResponse:
    site = selectors.public_site_or_404(site_key)
    speak_site_language(request, site)
    freshness = selectors.log_freshness(site)
    if (cached := not_modified(request, freshness)) is not None:
        return cached
    return stamp(CorrectionsFeed(request, site.key)(request, site_key=site.key), freshness)


def article_corrections(request: HttpRequest, site_key: str) -> HttpResponse:
    """The notes of the article at ?url=, as an HTML fragment for the site's CMS."""
    site = selectors.public_site_or_404(site_key)
    speak_site_language(request, site)
    url = request.GET.get("url", "")
    if not url:
        return HttpResponseBadRequest(
            _("Name the article: ?url= and its canonical address."), content_type="text/plain"
        )
    article = selectors.article_at(site, url)
    freshness = selectors.article_freshness(site, article)
    if (cached := not_modified(request, freshness)) is not None:
        return allow_site_origin(request, cached, site)
    corrections = list(selectors.article_corrections(article))
    title = article.title if article else ""
    response = HttpResponse(markup.article_fragment(url, title, corrections))
    return allow_site_origin(request, stamp(response, freshness), site)
