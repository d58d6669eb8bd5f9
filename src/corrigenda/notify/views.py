"""Notification settings in the desk: each editor's emails per site; webhooks and the
record of deliveries for the site's admins. Thin: reads from `selectors`, writes from
`services`; `reports.selectors` decides who may see a site."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from corrigenda.reports import selectors as report_selectors
from corrigenda.reports.models import Site

from . import selectors, services
from .forms import PreferenceForm, WebhookForm
from .models import Webhook

# Completes "Only the site's admins …".
MANAGE_WEBHOOKS = gettext_lazy("manage webhooks")


@login_required
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    """The user's sites with what each emails them; one site goes straight to its page."""
    sites = list(report_selectors.sites_for_user(request.user))
    if len(sites) == 1:
        return redirect("notify:site", site_key=sites[0].key)
    rows = [(site, selectors.preference_of(request.user, site)) for site in sites]
    return render(request, "notify/overview.html", {"rows": rows})


@login_required
@require_GET
@never_cache
def site_notifications(request: HttpRequest, site_key: str) -> HttpResponse:
    site = report_selectors.site_for_user(request.user, site_key)
    preference = selectors.preference_of(request.user, site)
    form = PreferenceForm(initial={"mode": preference.mode, "kinds": preference.kinds})
    return _site_page(request, site, form)


def _site_page(
    request: HttpRequest,
    site: Site,
    form: PreferenceForm,
    webhook_form: WebhookForm | None = None,
    status: int = 200,
) -> HttpResponse:
    is_admin = report_selectors.is_site_admin(request.user, site)
    context = {"site": site, "form": form, "is_admin": is_admin}
    if is_admin:
        context |= {
            "webhooks": selectors.webhooks_of(site),
            "deliveries": selectors.recent_deliveries(site),
            "webhook_form": webhook_form or WebhookForm(),
        }
    return render(request, "notify/site.html", context, status=status)


@login_required
@require_POST
def preference_save(request: HttpRequest, site_key: str) -> HttpResponse:
    site = report_selectors.site_for_user(request.user, site_key)
    form = PreferenceForm(request.POST)
    if not form.is_valid():
        return _site_page(request, site, form, status=400)
    services.set_preference(
        request.user, site, mode=form.cleaned_data["mode"], kinds=form.cleaned_data["kinds"]
    )
    messages.success(request, _("Your notifications are saved."))
    return redirect("notify:site", site_key=site.key)


def _webhook(site: Site, webhook_id: int) -> Webhook:
    webhook = selectors.webhook_of(site, webhook_id)
    if webhook is None:
        raise Http404(_("No such webhook."))
    return webhook


@login_required
@require_POST
@never_cache
def webhook_add(request: HttpRequest, site_key: str) -> HttpResponse:
    site = report_selectors.site_for_admin(request.user, site_key, doing=MANAGE_WEBHOOKS)
    form = WebhookForm(request.POST)
    if not form.is_valid():
        preference = selectors.preference_of(request.user, site)
        preferences = PreferenceForm(initial={"mode": preference.mode, "kinds": preference.kinds})
        return _site_page(request, site, preferences, webhook_form=form, status=400)
    webhook = services.add_webhook(
        site, form.cleaned_data["url"], form.cleaned_data["events"], by=request.user
    )
    return render(request, "notify/webhook_created.html", {"site": site, "webhook": webhook})


@login_required
@require_POST
def webhook_deactivate(request: HttpRequest, site_key: str, webhook_id: int) -> HttpResponse:
    site = report_selectors.site_for_admin(request.user, site_key, doing=MANAGE_WEBHOOKS)
    webhook = services.deactivate_webhook(_webhook(site, webhook_id), by=request.user)
    messages.success(request, _("The webhook to %(url)s is deactivated.") % {"url": webhook.url})
    return redirect(reverse("notify:site", args=[site.key]) + "#webhooks")


@login_required
@require_POST
def webhook_test(request: HttpRequest, site_key: str, webhook_id: int) -> HttpResponse:
    site = report_selectors.site_for_admin(request.user, site_key, doing=MANAGE_WEBHOOKS)
    webhook = _webhook(site, webhook_id)
    if not webhook.active:
        messages.error(request, _("A deactivated webhook is not sent anything."))
    else:
        services.send_test(webhook, by=request.user)
        messages.success(
            request,
            _("A test is on its way to %(url)s; see Deliveries below.") % {"url": webhook.url},
        )
    return redirect(reverse("notify:site", args=[site.key]) + "#deliveries")
