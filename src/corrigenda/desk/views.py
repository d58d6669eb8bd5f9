"""The editors' desk: the triage queue and the issue page. Thin: reads come from
`reports.selectors` (which also decide who may see what), writes from `reports.services`."""

import csv
import time
from dataclasses import asdict

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format, number_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from corrigenda import languages
from corrigenda.anchoring.text import passage_in_context
from corrigenda.checks import style_rules_to_csv
from corrigenda.keyset import LAST, cursor_from, keyset_page
from corrigenda.reports import selectors, services
from corrigenda.reports.errors import InvalidTransition
from corrigenda.reports.models import (
    OPEN_STATUSES,
    SITE_CHECKS,
    Article,
    Finding,
    Issue,
    Report,
    Site,
)
from corrigenda.reports.services import IssueBefore
from corrigenda.spreadsheet import safe_cell

from . import charts, metrics
from . import selectors as desk_selectors
from . import services as desk_services
from .forms import (
    CHECK_LABELS,
    ApiTokenForm,
    AssignForm,
    BulkForm,
    CheckSettingsForm,
    CommentForm,
    DeskSettingsForm,
    QueueFilterForm,
    SavedViewForm,
    SiteSettingsForm,
    StatusForm,
    StyleRuleForm,
    StyleRulesImportForm,
    ValePackageImportForm,
)
from .history import describe as describe_event
from .passages import word_diff
from .services import SavedViewError

ISSUES_PER_PAGE = 25
# The issue page shows the newest reports and events; "show all" pages through the rest.
REPORTS_SHOWN = 20
REPORTS_PER_PAGE = 100
EVENTS_SHOWN = 50
ARTICLE_ISSUES_PER_PAGE = 50
REPORTS_IN_ORDER = ("created", "id")
# Completes "Only the site's admins …".
CHANGE_SETTINGS = gettext_lazy("change its settings")


def login_locked_out(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict | None
) -> HttpResponse:
    """The log-in page again, saying that this username is locked from here for a while
    (django-axes calls it for every attempt while the lock lasts)."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "desk/login.html",
        {
            # Unbound: a bound form would check the password again.
            "form": AuthenticationForm(request, initial={"username": username}),
            "next": request.POST.get("next", ""),
            "locked_out_minutes": minutes,
        },
        status=429,
    )


class LoginView(auth_views.LoginView):
    """Django's log-in, which then speaks the language the editor picked, on any device."""

    template_name = "desk/login.html"

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        languages.remember_language(response, desk_selectors.editor_language(form.get_user()))
        return response


QUEUE_FILTERS = (
    "site",
    "status",
    "kind",
    "section",
    "author",
    "assignee",
    "anchor",
    "reported_from",
    "reported_to",
    "article",
    "q",
    "sort",
)
# How long the queue offers to undo a bulk change.
UNDO_SECONDS = 30
LAST_BULK = "desk_last_bulk"


def _queue_form(request: HttpRequest, data, choices: dict[str, list]) -> QueueFilterForm:
    return QueueFilterForm(data, sites=selectors.sites_for_user(request.user), **choices)


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    sites = selectors.sites_for_user(request.user)
    # No status in the query means new issues, on later pages too (their links add `page`).
    data = request.GET.copy()
    data.setdefault("status", Issue.Status.NEW)
    # Read once: the filters offer them and the bulk actions name the members.
    choices = selectors.queue_choices(request.user)
    form = _queue_form(request, data, choices)
    filters = form.cleaned_data if form.is_valid() else {}
    sort = filters.get("sort") or "newest"
    issues = selectors.issue_queue(
        request.user,
        site_key=filters.get("site", ""),
        status=filters.get("status", Issue.Status.NEW),
        kind=filters.get("kind", ""),
        article_id=filters.get("article"),
        search=filters.get("q", ""),
        sort=sort,
        section=filters.get("section", ""),
        author=filters.get("author", ""),
        assignee=filters.get("assignee", ""),
        anchor_state=filters.get("anchor", ""),
        reported_from=filters.get("reported_from"),
        reported_to=filters.get("reported_to"),
    )
    # Pages start after the last issue of the one before, not at an offset: page 500
    # reads what page 1 does, and issues reported meanwhile do not shift the pages.
    page = keyset_page(
        issues,
        selectors.queue_ordering(sort),
        ISSUES_PER_PAGE,
        cursor_from(request.GET.get("cursor")),
        load=selectors.queue_rows,
    )
    query = request.GET.copy()
    query.pop("cursor", None)
    view_query = _view_query(request.GET)
    saved_views = list(desk_selectors.saved_views_of(request.user))
    return render(
        request,
        "desk/queue.html",
        {
            "form": form,
            "page": page,
            "issue_count": issues.count(),
            "last_page": LAST.encode(),
            "sites": sites,
            "query": query.urlencode(),
            "view_query": view_query,
            # Filters other than the search box and the default "new" status.
            "filters_active": sum(
                1
                for name in QUEUE_FILTERS
                if name not in ("q", "article")
                and request.GET.get(name)
                and not (name == "status" and request.GET[name] == Issue.Status.NEW)
            ),
            "saved_views": saved_views,
            "current_view": next((v for v in saved_views if v.query == view_query), None),
            "saved_view_form": SavedViewForm(initial={"query": view_query}),
            "members": choices["members"],
            "undo": _undoable(request),
            "flagged_articles": selectors.flagged_article_count(
                request.user, site_key=filters.get("site", "")
            ),
        },
    )


def _view_query(data) -> str:
    """The queue's filters as a query string, in one order, so one view has one link."""
    kept = QueryDict(mutable=True)
    for name in QUEUE_FILTERS:
        if data.get(name):
            kept[name] = data[name]
    return kept.urlencode()


def _undoable(request: HttpRequest) -> dict | None:
    last = request.session.get(LAST_BULK)
    if not last or time.time() - last["at"] > UNDO_SECONDS:
        return None
    return last


@login_required
@require_POST
def queue_bulk(request: HttpRequest) -> HttpResponse:
    """One decision for the ticked issues; the queue then offers to undo it for a while."""
    back = _queue_url(request.POST.get("next", ""), request)
    ids = [int(i) for i in request.POST.getlist("issues") if i.isdigit()]
    issues = list(Issue.objects.filter(pk__in=ids, site__in=selectors.sites_for_user(request.user)))
    members = (
        get_user_model()
        .objects.filter(membership__site__in={issue.site_id for issue in issues})
        .distinct()
    )
    # Issues of sites the user is not on are left out, as if never ticked.
    data = request.POST.copy()
    data.setlist("issues", [str(issue.pk) for issue in issues])
    form = BulkForm(data, issue_ids=[i.pk for i in issues], members=members)
    if not issues or not form.is_valid():
        messages.error(request, _("Tick at least one issue, then choose what to do with them."))
        return redirect(back)
    action = form.cleaned_data["action"]
    assignee = form.cleaned_data["assignee"]
    if assignee is not None and any(
        not assignee.membership_set.filter(site_id=issue.site_id).exists() for issue in issues
    ):
        messages.error(request, _("Pick someone on the desk of every ticked issue's site."))
        return redirect(back)
    before = services.decide_many(
        issues, by=request.user, status=BulkForm.ACTIONS[action] or "", assignee=assignee
    )
    if action == "assign":
        done = ngettext(
            "%(count)s issue assigned to %(who)s.",
            "%(count)s issues assigned to %(who)s.",
            len(before),
        ) % {"count": len(before), "who": assignee.get_username() if assignee else _("nobody")}
    else:
        done = _bulk_sentence(action, len(before))
    left = len(issues) - len(before)
    if left:
        done += " " + ngettext(
            "%(count)s was left as it was (already so, or it cannot change that way).",
            "%(count)s were left as they were (already so, or they cannot change that way).",
            left,
        ) % {"count": left}
    if before:
        # The queue shows this with its Undo button for UNDO_SECONDS.
        request.session[LAST_BULK] = {
            "at": int(time.time()),
            "done": done,
            "changes": [asdict(b) for b in before],
        }
    else:
        messages.warning(request, done)
    return redirect(back)


def _bulk_sentence(action: str, count: int) -> str:
    sentences = {
        "accept": ngettext("%(count)s issue accepted.", "%(count)s issues accepted.", count),
        "reject": ngettext("%(count)s issue rejected.", "%(count)s issues rejected.", count),
        "spam": ngettext(
            "%(count)s issue marked as spam.", "%(count)s issues marked as spam.", count
        ),
    }
    return sentences[action] % {"count": count}


@login_required
@require_POST
def queue_undo(request: HttpRequest) -> HttpResponse:
    back = _queue_url(request.POST.get("next", ""), request)
    last = _undoable(request)
    request.session.pop(LAST_BULK, None)
    if last is None:
        messages.error(request, _("Too late to undo: change the issues one by one instead."))
        return redirect(back)
    before = [IssueBefore(**change) for change in last["changes"]]
    # Only the user's own sites' issues, as when they made the change.
    visible = set(
        Issue.objects.filter(
            pk__in=[b.issue_id for b in before], site__in=selectors.sites_for_user(request.user)
        ).values_list("pk", flat=True)
    )
    put_back = services.undo_decisions(
        [b for b in before if b.issue_id in visible], by=request.user
    )
    message = ngettext(
        "Undone: %(count)s issue is back as it was (%(what)s)",
        "Undone: %(count)s issues are back as they were (%(what)s)",
        len(put_back),
    ) % {"count": len(put_back), "what": last["done"].rstrip(".")}
    messages.success(request, message + ".")
    return redirect(back)


def _queue_url(next_url: str, request: HttpRequest) -> str:
    if next_url and url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
        return next_url
    return reverse("desk:queue")


@login_required
@require_POST
def saved_view_create(request: HttpRequest) -> HttpResponse:
    form = SavedViewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Name the view (at most 80 characters)."))
        return redirect("desk:queue")
    query = _view_query(QueryDict(form.cleaned_data["query"]))
    try:
        desk_services.save_view(request.user, form.cleaned_data["name"], query)
    except SavedViewError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("View “%(name)s” saved.") % {"name": form.cleaned_data["name"]})
    return redirect(reverse("desk:queue") + (f"?{query}" if query else ""))


@login_required
@require_POST
def saved_view_delete(request: HttpRequest, view_id: int) -> HttpResponse:
    view = get_object_or_404(desk_selectors.saved_views_of(request.user), pk=view_id)
    desk_services.delete_view(view)
    messages.success(request, _("View “%(name)s” deleted.") % {"name": view.name})
    return redirect("desk:queue")


@login_required
@require_http_methods(["GET", "POST"])
def desk_settings(request: HttpRequest) -> HttpResponse:
    """The editor's own settings: the desk's language, single-key shortcuts."""
    if request.method == "POST":
        form = DeskSettingsForm(request.POST)
        if form.is_valid():
            language = form.cleaned_data["language"]
            desk_services.set_editor_language(request.user, language)
            desk_services.set_shortcuts(
                request.user, enabled=form.cleaned_data["shortcuts_enabled"]
            )
            languages.speak_editor_language(request, language)
            messages.success(request, _("Your settings are saved."))
            response = redirect("desk:settings")
            languages.remember_language(response, language)
            return response
    else:
        form = DeskSettingsForm(
            initial={
                "language": desk_selectors.editor_language(request.user),
                "shortcuts_enabled": desk_selectors.shortcuts_enabled(request.user),
            }
        )
    return render(request, "desk/settings.html", {"form": form})


# The decisions the issue page offers, as verbs; `destructive` ones look different. "Mark
# fixed" sits with the changed passage it is about; "published" comes from publishing a
# correction, never from a button.
DECISIONS = (
    (Issue.Status.ACCEPTED, pgettext_lazy("decision", "Accept"), False, "a"),
    (Issue.Status.NEW, pgettext_lazy("decision", "Reopen"), False, ""),
    (Issue.Status.REJECTED, pgettext_lazy("decision", "Reject"), True, "r"),
    (Issue.Status.SPAM, pgettext_lazy("decision", "Spam"), True, "s"),
)


@login_required
def issue_detail(request: HttpRequest, issue_id: int) -> HttpResponse:
    issue = selectors.issue_for_user(request.user, issue_id)
    reports = issue.reports.filter(spam_verdict=Report.SpamVerdict.HAM)
    all_reports = request.GET.get("reports") == "all"
    if all_reports:
        reports_page = keyset_page(
            reports, REPORTS_IN_ORDER, REPORTS_PER_PAGE, cursor_from(request.GET.get("cursor"))
        )
        shown_reports = reports_page.object_list
    else:
        reports_page = None
        shown_reports = list(reports.order_by("-created", "-id")[:REPORTS_SHOWN])[::-1]
    all_events = request.GET.get("history") == "all"
    events = issue.events.select_related("actor").order_by("-created", "-id")
    if not all_events:
        events = events[: EVENTS_SHOWN + 1]
    events = list(events)[::-1]
    passage = (
        passage_in_context(issue.revision.text, issue.start, issue.end)
        if issue.revision and issue.start is not None
        else None
    )
    passage_diff = (
        word_diff(issue.passage_before, issue.exact)
        if issue.anchor_state == Issue.AnchorState.CHANGED
        else None
    )
    members = get_user_model().objects.filter(membership__site=issue.site).order_by("username")
    findings = _findings_by_state(issue.article)
    open_findings = findings["open_findings"]
    on_passage = selectors.findings_on_passage(issue, [f for f, _context in open_findings])
    status_form = StatusForm(issue=issue)
    offered = {value for value, _label in status_form.fields["status"].choices}
    return render(
        request,
        "desk/issue.html",
        {
            "issue": issue,
            "passage": passage,
            "passage_diff": passage_diff,
            "can_mark_fixed": issue.can_become(Issue.Status.FIXED),
            "can_mark_duplicate": Issue.Status.DUPLICATE in offered,
            "decisions": [
                {
                    "status": status,
                    "verb": verb,
                    "destructive": destructive,
                    "key": key,
                    "primary": status == Issue.Status.ACCEPTED,
                }
                for status, verb, destructive, key in DECISIONS
                if status in offered and status != issue.status
            ],
            "suggestions": selectors.suggestions_of(issue),
            "reports": shown_reports,
            "reports_page": reports_page,
            "more_reports": not all_reports and issue.report_count > len(shown_reports),
            "comments": issue.comments.select_related("author").order_by("created"),
            "events": [
                (event, describe_event(event))
                for event in (events if all_events else events[-EVENTS_SHOWN:])
            ],
            "more_events": not all_events and len(events) > EVENTS_SHOWN,
            "status_form": status_form,
            "assign_form": AssignForm(members=members, initial={"assignee": issue.assignee_id}),
            "comment_form": CommentForm(),
            "next_url": request.GET.get("next", ""),
            "passage_findings": [(f, c) for f, c in open_findings if f in on_passage],
            **findings,
            "open_findings": [(f, c) for f, c in open_findings if f not in on_passage],
        },
    )


def _back_to_issue(request: HttpRequest, issue: Issue) -> HttpResponse:
    # After a triage key on the queue, go back to the queue where the editor was.
    next_url = request.POST.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
        return redirect(next_url)
    return redirect("desk:issue", issue_id=issue.pk)


@login_required
@require_POST
def issue_status(request: HttpRequest, issue_id: int) -> HttpResponse:
    issue = selectors.issue_for_user(request.user, issue_id)
    form = StatusForm(request.POST, issue=issue)
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return _back_to_issue(request, issue)
    duplicate_of = None
    if form.cleaned_data.get("duplicate_of"):
        duplicate_of = selectors.issue_for_user(request.user, form.cleaned_data["duplicate_of"])
    try:
        services.change_status(
            issue, form.cleaned_data["status"], by=request.user, duplicate_of=duplicate_of
        )
    except InvalidTransition as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Issue #%(id)s is now %(status)s.")
            % {"id": issue.pk, "status": issue.get_status_display()},
        )
    return _back_to_issue(request, issue)


@login_required
@require_POST
def issue_assign(request: HttpRequest, issue_id: int) -> HttpResponse:
    issue = selectors.issue_for_user(request.user, issue_id)
    members = get_user_model().objects.filter(membership__site=issue.site)
    form = AssignForm(request.POST, members=members)
    if form.is_valid():
        services.assign_issue(issue, form.cleaned_data["assignee"], by=request.user)
        messages.success(request, _("Assignee saved."))
    else:
        messages.error(request, _("Pick someone on this site's desk."))
    return _back_to_issue(request, issue)


@login_required
@require_POST
def issue_comment(request: HttpRequest, issue_id: int) -> HttpResponse:
    issue = selectors.issue_for_user(request.user, issue_id)
    form = CommentForm(request.POST)
    if form.is_valid():
        services.comment_on_issue(issue, form.cleaned_data["body"], by=request.user)
        messages.success(request, _("Comment added."))
    else:
        messages.error(request, _("A comment needs some text (at most 4000 characters)."))
    return redirect(reverse("desk:issue", args=[issue.pk]) + "#comments")


@login_required
@require_POST
def finding_dismiss(request: HttpRequest, finding_id: int) -> HttpResponse:
    finding = selectors.finding_for_user(request.user, finding_id)
    # "Not an error" unless the editor said the check was right about something meant.
    dismissal = request.POST.get("dismissal", Finding.Dismissal.WRONG)
    if dismissal not in Finding.Dismissal.values:
        dismissal = Finding.Dismissal.WRONG
    services.dismiss_finding(finding, by=request.user, dismissal=dismissal)
    messages.success(request, _("Finding dismissed; it stays dismissed in later revisions."))
    # Back to the issue page the editor dismissed it from.
    next_url = request.POST.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
        return redirect(next_url)
    return redirect(reverse("desk:article", args=[finding.article_id]) + "#findings")


@login_required
@require_POST
def finding_switch_off(request: HttpRequest, finding_id: int) -> HttpResponse:
    """Switch off, for the finding's site, the house rule or check that raised it."""
    finding = selectors.finding_for_user(request.user, finding_id)
    switched = services.switch_off_rule_of(finding, by=request.user)
    messages.success(
        request,
        _("%(switched)s is switched off for %(site)s; the checks page switches it on again.")
        % {"switched": switched, "site": finding.site.name},
    )
    return redirect(reverse("desk:site-checks", args=[finding.site.key]) + "#switched-off")


@login_required
@require_POST
def check_switch_on(request: HttpRequest, site_key: str, rule: str) -> HttpResponse:
    site = selectors.site_for_user(request.user, site_key)
    if rule not in SITE_CHECKS:
        raise Http404(_("No such check."))
    services.switch_on_check(site, rule, by=request.user)
    messages.success(
        request, _("The %(rule)s check is on again for the next revisions.") % {"rule": rule}
    )
    return _to_checks_page(site, "#switched-off")


@login_required
@require_POST
def style_rule_switch_on(request: HttpRequest, site_key: str, rule_id: int) -> HttpResponse:
    site = selectors.site_for_user(request.user, site_key)
    stored = get_object_or_404(site.style_rules, pk=rule_id, disabled_by__isnull=False)
    services.switch_on_style_rule(stored, by=request.user)
    messages.success(
        request, _("The house rule “%(pattern)s” is on again.") % {"pattern": stored.pattern}
    )
    return _to_checks_page(site, "#switched-off")


def _site_page(
    request: HttpRequest, site: Site, *, settings_form: SiteSettingsForm | None = None
) -> HttpResponse:
    script_url = request.build_absolute_uri("/static/corrigenda/corrigenda.js")
    is_admin = selectors.is_site_admin(request.user, site)
    return render(
        request,
        "desk/site.html",
        {
            "site": site,
            "script_url": script_url,
            "suggest_url": request.build_absolute_uri(reverse("public:suggest", args=[site.key])),
            "public_urls": _public_urls(request, site),
            "is_admin": is_admin,
            "settings_form": settings_form
            or (SiteSettingsForm(initial=SiteSettingsForm.initial_for(site)) if is_admin else None),
            "open_issues": site.issues.filter(status__in=OPEN_STATUSES).count(),
            "members": site.membership_set.select_related("user").order_by("user__username"),
            "api_tokens": selectors.api_tokens_of(site),
            # Its own ids: the settings form above has a "name" field too.
            "token_form": ApiTokenForm(auto_id="id_token_%s"),
        },
    )


def _public_urls(request: HttpRequest, site: Site) -> dict[str, str]:
    """Where the site's published corrections are, for its CMS and readers."""
    site_key = {"site_key": site.key}
    return {
        name: request.build_absolute_uri(reverse(route, kwargs=site_key))
        for name, route in (
            ("log", "public:corrections"),
            ("feed", "public:corrections-feed"),
            ("log_json", "api-v1:corrections"),
            ("article_html", "public:article-corrections"),
            ("article_json", "api-v1:article_corrections"),
        )
    }


@login_required
def site_detail(request: HttpRequest, site_key: str) -> HttpResponse:
    return _site_page(request, selectors.site_for_user(request.user, site_key))


@login_required
@require_POST
def site_settings(request: HttpRequest, site_key: str) -> HttpResponse:
    site = selectors.site_for_admin(request.user, site_key, doing=CHANGE_SETTINGS)
    form = SiteSettingsForm(request.POST)
    if not form.is_valid():
        return _site_page(request, site, settings_form=form)
    services.update_site_settings(site, **form.cleaned_data, by=request.user)
    messages.success(request, _("Site settings saved."))
    return redirect(reverse("desk:site", args=[site.key]) + "#settings")


@login_required
@require_POST
@never_cache
def site_token_create(request: HttpRequest, site_key: str) -> HttpResponse:
    site = selectors.site_for_admin(request.user, site_key, doing=CHANGE_SETTINGS)
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Name the token (at most 100 characters)."))
        return redirect(reverse("desk:site", args=[site.key]) + "#api-tokens")
    token, plaintext = services.create_api_token(site, form.cleaned_data["name"], by=request.user)
    # Shown in the answer to the POST, not kept for a redirect: the plaintext is stored nowhere.
    articles_url = reverse("api-v1:push_article", kwargs={"site_key": site.key})
    return render(
        request,
        "desk/token_created.html",
        {
            "site": site,
            "token": token,
            "plaintext": plaintext,
            "articles_url": request.build_absolute_uri(articles_url),
        },
    )


@login_required
@require_POST
def site_token_revoke(request: HttpRequest, site_key: str, token_id: int) -> HttpResponse:
    site = selectors.site_for_admin(request.user, site_key, doing=CHANGE_SETTINGS)
    token = get_object_or_404(site.api_tokens, pk=token_id)
    services.revoke_api_token(token, by=request.user)
    messages.success(
        request,
        _("Token “%(name)s” (%(prefix)s…) is revoked.")
        % {"name": token.name, "prefix": token.prefix},
    )
    return redirect(reverse("desk:site", args=[site.key]) + "#api-tokens")


@login_required
def site_metrics(request: HttpRequest, site_key: str) -> HttpResponse:
    site = selectors.site_for_user(request.user, site_key)
    figures = metrics.site_metrics(site, metrics.period_from(request.GET.get("days")))
    return render(
        request,
        "desk/metrics.html",
        {
            "site": site,
            "figures": figures,
            "periods": metrics.PERIODS,
            "to_triage": metrics.readable_duration(figures.triage.to_triage),
            "to_fix": metrics.readable_duration(figures.triage.to_fix),
            "daily_chart": _daily_chart(figures),
            "section_chart": _corrected_chart(figures.sections, "section", "sections"),
            "author_chart": _corrected_chart(figures.authors, "author", "authors"),
            "tables": {name: metrics.table_of(figures, name) for name in metrics.TABLES},
        },
    )


# Shown under each bar: short enough to fit 30 or 90 bars.
DAY_LABEL_EVERY = {7: 1, 30: 7, 90: 14}


def _daily_chart(figures: metrics.SiteMetrics) -> str:
    busiest = max(figures.daily, key=lambda d: d.reports)
    return charts.column_chart(
        "chart-daily",
        [
            charts.Bar(
                date_format(d.day, "j M"),
                d.reports,
                f"{date_format(d.day, 'D j M')}: {number_format(d.reports, force_grouping=True)}",
            )
            for d in figures.daily
        ],
        title=ngettext(
            "Readers' reports per day, last %(days)d day",
            "Readers' reports per day, last %(days)d days",
            figures.period.days,
        )
        % {"days": figures.period.days},
        description=(
            ngettext(
                "%(reports)s report from %(first)s to %(last)s; the busiest day was %(busiest)s "
                "with %(most)s.",
                "%(reports)s reports from %(first)s to %(last)s; the busiest day was %(busiest)s "
                "with %(most)s.",
                figures.reports,
            )
            % {
                "reports": number_format(figures.reports, force_grouping=True),
                "first": date_format(figures.period.first_day, "j M Y"),
                "last": date_format(figures.period.last_day, "j M Y"),
                "busiest": date_format(busiest.day, "j M"),
                "most": number_format(busiest.reports, force_grouping=True),
            }
            if figures.reports
            else _("No reports in this period.")
        ),
        label_every=DAY_LABEL_EVERY.get(figures.period.days, 7),
    )


CHART_ROWS = 10


# Per field the chart counts by: its title, and the name of a row without one.
CORRECTED_CHART_WORDS = {
    "section": (gettext_lazy("Corrections published per section"), gettext_lazy("(no section)")),
    "author": (gettext_lazy("Corrections published per author"), gettext_lazy("(no author)")),
}


def _corrected_chart(rows: list[metrics.Corrected], field: str, plural: str) -> str | None:
    """None when no correction in the period names a `field`: the page says so instead."""
    shown = [r for r in rows if r.corrections][:CHART_ROWS]
    if not any(r.name for r in shown):
        return None
    title, nameless = CORRECTED_CHART_WORDS[field]
    return charts.bar_chart(
        f"chart-{plural}",
        [
            charts.Bar(
                r.name or str(nameless),
                r.corrections,
                ngettext(
                    "%(name)s: %(count)s correction",
                    "%(name)s: %(count)s corrections",
                    r.corrections,
                )
                % {
                    "name": r.name or nameless,
                    "count": number_format(r.corrections, force_grouping=True),
                },
            )
            for r in shown
        ],
        title=str(title),
        description="; ".join(f"{r.name or nameless}: {r.corrections}" for r in shown),
    )


@login_required
def site_metrics_csv(request: HttpRequest, site_key: str) -> HttpResponse:
    site = selectors.site_for_user(request.user, site_key)
    name = request.GET.get("table", "daily")
    if name not in metrics.TABLES:
        return HttpResponse(
            _("Ask for one of these tables: %(tables)s.") % {"tables": ", ".join(metrics.TABLES)},
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    figures = metrics.site_metrics(site, metrics.period_from(request.GET.get("days")))
    table = metrics.table_of(figures, name)
    filename = f"corrigenda-{site.key}-{name}-{figures.period.days}d.csv"
    response = HttpResponse(
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
    writer = csv.writer(response)
    writer.writerow(table.header)
    writer.writerows([safe_cell(cell) for cell in row] for row in table.rows)
    return response


def _findings_by_state(article: Article) -> dict[str, list]:
    """The article's findings, each with its passage in context, grouped for the page."""
    findings = [
        (finding, passage_in_context(finding.revision.text, finding.start, finding.end))
        for finding in selectors.findings_of(article)
    ]
    return {
        f"{state}_findings": [f for f in findings if f[0].state == state]
        for state in Finding.State.values
    }


@login_required
def findings_queue(request: HttpRequest) -> HttpResponse:
    """Articles the automatic checks flagged, worst first: triage before readers write in."""
    sites = selectors.sites_for_user(request.user)
    site_key = request.GET.get("site", "")
    articles = selectors.articles_with_open_findings(request.user, site_key=site_key)
    page = Paginator(articles, ISSUES_PER_PAGE).get_page(request.GET.get("page"))
    changes = selectors.open_uncorrected_changes([article.pk for article in page.object_list])
    for article in page.object_list:
        article.uncorrected_changes = changes.get(article.pk, [])
    return render(
        request,
        "desk/findings.html",
        {
            "page": page,
            "sites": sites,
            "site_key": site_key,
            "flagged_articles": page.paginator.count,
        },
    )


@login_required
def article_detail(request: HttpRequest, article_id: int) -> HttpResponse:
    article = selectors.article_for_user(request.user, article_id)
    issues = article.issues.filter(status__in=OPEN_STATUSES)
    return render(
        request,
        "desk/article.html",
        {
            "article": article,
            "issues": keyset_page(
                issues,
                ("-last_reported", "-id"),
                ARTICLE_ISSUES_PER_PAGE,
                cursor_from(request.GET.get("cursor")),
            ),
            "open_issue_count": issues.count(),
            **_findings_by_state(article),
        },
    )


def _checks_page(
    request: HttpRequest,
    site: Site,
    *,
    settings_form: CheckSettingsForm | None = None,
    rule_form: StyleRuleForm | None = None,
    import_form: StyleRulesImportForm | None = None,
    vale_form: ValePackageImportForm | None = None,
) -> HttpResponse:
    return render(
        request,
        "desk/checks.html",
        {
            "site": site,
            "is_admin": selectors.is_site_admin(request.user, site),
            "check_labels": [(rule, CHECK_LABELS.get(rule, rule)) for rule in sorted(SITE_CHECKS)],
            "settings_form": settings_form
            or CheckSettingsForm(
                initial={
                    "checks_enabled": site.checks_enabled,
                    "accepted_words": "\n".join(site.accepted_words),
                }
            ),
            "style_rules": selectors.style_rules_of(site),
            "switched_off_checks": [
                (rule, CHECK_LABELS.get(rule, rule))
                for rule in sorted(SITE_CHECKS - set(site.checks_enabled))
            ],
            "switched_off_rules": selectors.style_rules_of(site).filter(disabled_by__isnull=False),
            "precision": selectors.rule_precision(site),
            "precision_days": selectors.PRECISION_DAYS,
            "rule_form": rule_form or StyleRuleForm(),
            "import_form": import_form or StyleRulesImportForm(),
            "vale_form": vale_form or ValePackageImportForm(),
        },
    )


def _to_checks_page(site: Site, anchor: str = "") -> HttpResponse:
    return redirect(reverse("desk:site-checks", args=[site.key]) + anchor)


@login_required
@require_http_methods(["GET", "POST"])
def site_checks(request: HttpRequest, site_key: str) -> HttpResponse:
    """Every member sees which checks run and the house style; admins change them."""
    if request.method == "GET":
        return _checks_page(request, selectors.site_for_user(request.user, site_key))
    site = selectors.site_for_admin(request.user, site_key, doing=CHANGE_SETTINGS)
    form = CheckSettingsForm(request.POST)
    if not form.is_valid():
        return _checks_page(request, site, settings_form=form)
    services.change_check_settings(
        site,
        checks_enabled=form.cleaned_data["checks_enabled"],
        accepted_words=form.cleaned_data["accepted_words"],
        by=request.user,
    )
    messages.success(request, _("Check settings saved; they apply to the next revisions checked."))
    return _to_checks_page(site)


@login_required
@require_POST
def style_rule_create(request: HttpRequest, site_key: str) -> HttpResponse:
    site = selectors.site_for_admin(request.user, site_key, doing=CHANGE_SETTINGS)
    form = StyleRuleForm(request.POST)
    if not form.is_valid():
        return _checks_page(request, site, rule_form=form)
    stored = services.create_style_rule(site, form.rule, by=request.user)
    messages.success(request, _("Rule “%(pattern)s” added.") % {"pattern": stored.pattern})
    return _to_checks_page(site, "#style-rules")


@login_required
@require_http_methods(["GET", "POST"])
def style_rule_edit(request: HttpRequest, site_key: str, rule_id: int) -> HttpResponse:
    site = selectors.site_for_admin(request.user, site_key, doing=CHANGE_SETTINGS)
    stored = get_object_or_404(site.style_rules, pk=rule_id)
    if stored.check_kind != "swap":
        messages.info(
            request,
            _("A Vale %(kind)s rule is changed in its package and imported again.")
            % {"kind": stored.check_kind},
        )
        return _to_checks_page(site, "#style-rules")
    if request.method == "POST":
        form = StyleRuleForm(request.POST)
        if form.is_valid():
            services.update_style_rule(stored, form.rule, by=request.user)
            if stored.is_switched_off:
                messages.warning(
                    request,
                    _(
                        "Rule “%(pattern)s” saved; it stays switched off until its pattern is "
                        "rewritten."
                    )
                    % {"pattern": stored.pattern},
                )
            else:
                messages.success(
                    request, _("Rule “%(pattern)s” saved.") % {"pattern": stored.pattern}
                )
            return _to_checks_page(site, "#style-rules")
    else:
        form = StyleRuleForm(initial=StyleRuleForm.initial_for(stored))
    return render(request, "desk/style_rule.html", {"site": site, "rule": stored, "form": form})


@login_required
@require_POST
def style_rule_delete(request: HttpRequest, site_key: str, rule_id: int) -> HttpResponse:
    site = selectors.site_for_admin(request.user, site_key, doing=CHANGE_SETTINGS)
    stored = get_object_or_404(site.style_rules, pk=rule_id)
    services.delete_style_rule(stored, by=request.user)
    messages.success(request, _("Rule “%(pattern)s” deleted.") % {"pattern": stored.pattern})
    return _to_checks_page(site, "#style-rules")


@login_required
@require_POST
def style_rules_import(request: HttpRequest, site_key: str) -> HttpResponse:
    site = selectors.site_for_admin(request.user, site_key, doing=CHANGE_SETTINGS)
    form = StyleRulesImportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Nothing was imported: correct the lines below and try again."))
        return _checks_page(request, site, import_form=form)
    result = services.import_style_rules(site, form.cleaned_data["file"], by=request.user)
    messages.success(
        request,
        _("Imported %(added)s new rules and updated %(updated)s existing ones.")
        % {"added": result.added, "updated": result.updated},
    )
    return _to_checks_page(site, "#style-rules")


@login_required
@require_POST
def style_rules_import_vale(request: HttpRequest, site_key: str) -> HttpResponse:
    site = selectors.site_for_admin(request.user, site_key, doing=CHANGE_SETTINGS)
    form = ValePackageImportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Nothing was imported from the Vale package."))
        return _checks_page(request, site, vale_form=form)
    result = services.import_vale_package(site, form.cleaned_data["file"], by=request.user)
    messages.success(
        request,
        _(
            "Imported from the Vale package: %(added)s new rules, %(updated)s updated, "
            "%(words)s new accepted words."
        )
        % {"added": result.added, "updated": result.updated, "words": result.accepted_words},
    )
    for skipped in result.skipped:
        messages.warning(
            request,
            _("Skipped %(name)s: %(reason)s.") % {"name": skipped.name, "reason": skipped.reason},
        )
    return _to_checks_page(site, "#style-rules")


@login_required
@require_GET
def style_rules_export(request: HttpRequest, site_key: str) -> HttpResponse:
    site = selectors.site_for_user(request.user, site_key)
    # The CSV holds swap rules; the other kinds come from Vale packages, imported again.
    rules = [
        services.style_rule_value(stored)
        for stored in selectors.style_rules_of(site).filter(check_kind="swap")
    ]
    return HttpResponse(
        # The byte-order mark makes spreadsheets read Cyrillic and other non-Latin text right.
        "\ufeff" + style_rules_to_csv(rules),
        content_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="corrigenda-{site.key}-style-rules.csv"'
        },
    )
