"""Pages anyone may open: the no-JavaScript suggestion form."""

import secrets

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from corrigenda.api.throttling import ReporterThrottle, client_hash
from corrigenda.reports import services
from corrigenda.reports.models import Site

from .forms import SuggestionForm


def home(request: HttpRequest) -> HttpResponse:
    return redirect("desk:queue")


def suggest(request: HttpRequest, site_key: str) -> HttpResponse:
    site = get_object_or_404(Site, key=site_key)
    if request.method == "POST":
        form = SuggestionForm(request.POST)
        throttle = ReporterThrottle()
        if form.is_valid():
            if not throttle.allow_request(request):
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
                response["Retry-After"] = str(int(throttle.wait() or 60))
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
        form = SuggestionForm(initial={"url": request.GET.get("url", "")})
    return render(
        request,
        "public/suggest.html",
        {"site": site, "form": form, "idempotency_key": secrets.token_urlsafe(16)},
    )
