"""Readers' links from their emails (confirm, unsubscribe) and the desk's "Reader data"
page. Thin: reads from `readers.selectors`, writes through `readers.services`."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from corrigenda.languages import speak_site_language
from corrigenda.reports import selectors as report_selectors

from . import selectors, services
from .forms import EraseForm, ReaderEmailForm
from .links import LinkError, address_id_to_confirm, address_id_to_unsubscribe
from .models import ReaderAddress

# Completes "Only the site's admins …".
SEE_OR_ERASE = gettext_lazy("see or erase readers' data")


def _link_error(request: HttpRequest, error: LinkError) -> HttpResponse:
    return render(request, "readers/link_error.html", {"message": str(error)}, status=404)


# The signed token in the URL is the reader's proof; they may have no cookie from this desk.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button and POST confirms: mail scanners that open links confirm nothing."""
    try:
        address_id = address_id_to_confirm(token)
    except LinkError as error:
        return _link_error(request, error)
    address = ReaderAddress.objects.select_related("site").filter(pk=address_id).first()
    if address is None:
        return _link_error(request, LinkError(_("We no longer store this email address.")))
    speak_site_language(request, address.site)
    if request.method == "POST":
        services.confirm_address(address)
    return render(request, "readers/confirm.html", {"site": address.site, "address": address})


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button; POST unsubscribes, also as the RFC 8058 one-click request a
    mail program sends (`List-Unsubscribe=One-Click`)."""
    try:
        address_id = address_id_to_unsubscribe(token)
    except LinkError as error:
        return _link_error(request, error)
    address = ReaderAddress.objects.select_related("site").filter(pk=address_id).first()
    if address is not None:
        speak_site_language(request, address.site)
    if address is not None and request.method == "POST":
        services.unsubscribe_address(address)
    return render(
        request,
        "readers/unsubscribe.html",
        {"site": address.site if address else None, "address": address},
    )


@login_required
@never_cache
def reader_data(request: HttpRequest, site_key: str) -> HttpResponse:
    site = report_selectors.site_for_admin(request.user, site_key, doing=SEE_OR_ERASE)
    return render(request, "readers/reader_data.html", {"site": site, "form": ReaderEmailForm()})


# Export and erase take the address in a POST body: in a query string it would be logged.
@login_required
@require_POST
@never_cache
def reader_data_export(request: HttpRequest, site_key: str) -> HttpResponse:
    site = report_selectors.site_for_admin(request.user, site_key, doing=SEE_OR_ERASE)
    form = ReaderEmailForm(request.POST)
    if not form.is_valid():
        return render(request, "readers/reader_data.html", {"site": site, "form": form}, status=400)
    data = selectors.reader_data(site, form.cleaned_data["email"])
    services.record_export(site, reports=len(data["reports"]), by=request.user)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False, cls=DjangoJSONEncoder),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="reader-data-{site.key}.json"'
    return response


@login_required
@require_POST
@never_cache
def reader_data_erase(request: HttpRequest, site_key: str) -> HttpResponse:
    """The first POST shows what would be erased and asks again; the second erases."""
    site = report_selectors.site_for_admin(request.user, site_key, doing=SEE_OR_ERASE)
    form = EraseForm(request.POST)
    if not form.is_valid():
        return render(request, "readers/reader_data.html", {"site": site, "form": form}, status=400)
    email = form.cleaned_data["email"]
    if not form.cleaned_data["confirm"]:
        data = selectors.reader_data(site, email)
        return render(
            request,
            "readers/erase_confirm.html",
            {
                "site": site,
                "email": email,
                "reports": len(data["reports"]),
                "subscribed": data["subscription"] is not None,
            },
        )
    erased = services.erase_reader_data(site, email, by=request.user)
    if erased.addresses:
        done = ngettext(
            "Erased: the address is gone from %(count)d report and its subscription is deleted.",
            "Erased: the address is gone from %(count)d reports and its subscription is deleted.",
            erased.reports,
        )
    else:
        done = ngettext(
            "Erased: the address is gone from %(count)d report.",
            "Erased: the address is gone from %(count)d reports.",
            erased.reports,
        )
    messages.success(request, done % {"count": erased.reports})
    return redirect(reverse("readers:reader-data", args=[site.key]))
