"""The editors' desk: the triage queue and the issue page. Thin: reads come from
`reports.selectors` (which also decide who may see what), writes from `reports.services`."""

import csv

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from corrigenda.anchoring.text import passage_in_context
from corrigenda.checks import ALL_CHECKS, style_rules_to_csv
from corrigenda.reports import selectors, services
from corrigenda.reports.errors import InvalidTransition
from corrigenda.reports.models import OPEN_STATUSES, Article, Finding, Issue, Report, Site
from corrigenda.spreadsheet import safe_cell

from . import charts, metrics
from .forms import (
    CHECK_LABELS,
    ApiTokenForm,
    AssignForm,
    CheckSettingsForm,
    CommentForm,
    QueueFilterForm,
    SiteSettingsForm,
    StatusForm,
    StyleRuleForm,
    StyleRulesImportForm,
    ValePackageImportForm,
)
from .passages import word_diff

ISSUES_PER_PAGE = 25


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


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    sites = selectors.sites_for_user(request.user)
    # No status in the query means new issues, on later pages too (their links add `page`).
    data = request.GET.copy()
    data.setdefault("status", Issue.Status.NEW)
    form = QueueFilterForm(data, sites=sites)
    filters = form.cleaned_data if form.is_valid() else {}
    issues = selectors.issue_queue(
        request.user,
        site_key=filters.get("site", ""),
        status=filters.get("status", Issue.Status.NEW),
        kind=filters.get("kind", ""),
        article_id=filters.get("article"),
        search=filters.get("q", ""),
        sort=filters.get("sort") or "newest",
    )
    page = Paginator(issues, ISSUES_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "desk/queue.html",
        {
            "form": form,
            "page": page,
            "sites": sites,
            "query": query.urlencode(),
            "flagged_articles": selectors.articles_with_open_findings(
                request.user, site_key=filters.get("site", "")
            ).count(),
        },
    )


@login_required
def issue_detail(request: HttpRequest, issue_id: int) -> HttpResponse:
    issue = selectors.issue_for_user(request.user, issue_id)
    reports = issue.reports.filter(spam_verdict=Report.SpamVerdict.HAM).order_by("created")
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
    return render(
        request,
        "desk/issue.html",
        {
            "issue": issue,
            "passage": passage,
            "passage_diff": passage_diff,
            "can_mark_fixed": issue.can_become(Issue.Status.FIXED),
            "reports": reports,
            "comments": issue.comments.select_related("author").order_by("created"),
            "events": issue.events.select_related("actor"),
            "status_form": StatusForm(issue=issue),
            "assign_form": AssignForm(members=members, initial={"assignee": issue.assignee_id}),
            "comment_form": CommentForm(),
            "next_url": request.GET.get("next", ""),
            **_findings_by_state(issue.article),
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
        messages.success(request, f"Issue #{issue.pk} is now {issue.get_status_display()}.")
    return _back_to_issue(request, issue)


@login_required
@require_POST
def issue_assign(request: HttpRequest, issue_id: int) -> HttpResponse:
    issue = selectors.issue_for_user(request.user, issue_id)
    members = get_user_model().objects.filter(membership__site=issue.site)
    form = AssignForm(request.POST, members=members)
    if form.is_valid():
        services.assign_issue(issue, form.cleaned_data["assignee"], by=request.user)
        messages.success(request, "Assignee saved.")
    else:
        messages.error(request, "Pick someone on this site's desk.")
    return _back_to_issue(request, issue)


@login_required
@require_POST
def issue_comment(request: HttpRequest, issue_id: int) -> HttpResponse:
    issue = selectors.issue_for_user(request.user, issue_id)
    form = CommentForm(request.POST)
    if form.is_valid():
        services.comment_on_issue(issue, form.cleaned_data["body"], by=request.user)
        messages.success(request, "Comment added.")
    else:
        messages.error(request, "A comment needs some text (at most 4000 characters).")
    return redirect(reverse("desk:issue", args=[issue.pk]) + "#comments")


@login_required
@require_POST
def finding_dismiss(request: HttpRequest, finding_id: int) -> HttpResponse:
    finding = selectors.finding_for_user(request.user, finding_id)
    services.dismiss_finding(finding, by=request.user)
    messages.success(request, "Finding dismissed; it stays dismissed in later revisions.")
    # Back to the issue page the editor dismissed it from.
    next_url = request.POST.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
        return redirect(next_url)
    return redirect(reverse("desk:article", args=[finding.article_id]) + "#findings")


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
    site = selectors.site_for_admin(request.user, site_key, doing="change its settings")
    form = SiteSettingsForm(request.POST)
    if not form.is_valid():
        return _site_page(request, site, settings_form=form)
    services.update_site_settings(site, **form.cleaned_data, by=request.user)
    messages.success(request, "Site settings saved.")
    return redirect(reverse("desk:site", args=[site.key]) + "#settings")


@login_required
@require_POST
@never_cache
def site_token_create(request: HttpRequest, site_key: str) -> HttpResponse:
    site = selectors.site_for_admin(request.user, site_key, doing="change its settings")
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Name the token (at most 100 characters).")
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
    site = selectors.site_for_admin(request.user, site_key, doing="change its settings")
    token = get_object_or_404(site.api_tokens, pk=token_id)
    services.revoke_api_token(token, by=request.user)
    messages.success(request, f"Token “{token.name}” ({token.prefix}…) is revoked.")
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
            charts.Bar(f"{d.day:%b} {d.day.day}", d.reports, f"{d.day:%a %d %b}: {d.reports}")
            for d in figures.daily
        ],
        title=f"Readers' reports per day, last {figures.period.days} days",
        description=(
            f"{figures.reports} reports from {figures.period.first_day:%d %b %Y} "
            f"to {figures.period.last_day:%d %b %Y}; "
            f"the busiest day was {busiest.day:%d %b} with {busiest.reports}."
            if figures.reports
            else "No reports in this period."
        ),
        label_every=DAY_LABEL_EVERY.get(figures.period.days, 7),
    )


CHART_ROWS = 10


def _corrected_chart(rows: list[metrics.Corrected], field: str, plural: str) -> str | None:
    """None when no correction in the period names a `field`: the page says so instead."""
    shown = [r for r in rows if r.corrections][:CHART_ROWS]
    if not any(r.name for r in shown):
        return None
    return charts.bar_chart(
        f"chart-{plural}",
        [
            charts.Bar(
                r.name or f"(no {field})",
                r.corrections,
                f"{r.name or f'(no {field})'}: {r.corrections} corrections",
            )
            for r in shown
        ],
        title=f"Corrections published per {field}",
        description="; ".join(f"{r.name or f'(no {field})'}: {r.corrections}" for r in shown),
    )


@login_required
def site_metrics_csv(request: HttpRequest, site_key: str) -> HttpResponse:
    site = selectors.site_for_user(request.user, site_key)
    name = request.GET.get("table", "daily")
    if name not in metrics.TABLES:
        return HttpResponse(
            f"Ask for one of these tables: {', '.join(metrics.TABLES)}.",
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
        for state in (Finding.State.OPEN, Finding.State.GONE, Finding.State.DISMISSED)
    }


@login_required
def findings_queue(request: HttpRequest) -> HttpResponse:
    """Articles the automatic checks flagged, worst first: triage before readers write in."""
    sites = selectors.sites_for_user(request.user)
    site_key = request.GET.get("site", "")
    articles = selectors.articles_with_open_findings(request.user, site_key=site_key)
    page = Paginator(articles, ISSUES_PER_PAGE).get_page(request.GET.get("page"))
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
    return render(
        request,
        "desk/article.html",
        {
            "article": article,
            "issues": article.issues.filter(status__in=OPEN_STATUSES).order_by(
                "-last_reported", "-id"
            ),
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
            "check_labels": [(rule, CHECK_LABELS.get(rule, rule)) for rule in sorted(ALL_CHECKS)],
            "settings_form": settings_form
            or CheckSettingsForm(
                initial={
                    "checks_enabled": site.checks_enabled,
                    "accepted_words": "\n".join(site.accepted_words),
                }
            ),
            "style_rules": selectors.style_rules_of(site),
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
    site = selectors.site_for_admin(request.user, site_key, doing="change its settings")
    form = CheckSettingsForm(request.POST)
    if not form.is_valid():
        return _checks_page(request, site, settings_form=form)
    services.change_check_settings(
        site,
        checks_enabled=form.cleaned_data["checks_enabled"],
        accepted_words=form.cleaned_data["accepted_words"],
        by=request.user,
    )
    messages.success(request, "Check settings saved; they apply to the next revisions checked.")
    return _to_checks_page(site)


@login_required
@require_POST
def style_rule_create(request: HttpRequest, site_key: str) -> HttpResponse:
    site = selectors.site_for_admin(request.user, site_key, doing="change its settings")
    form = StyleRuleForm(request.POST)
    if not form.is_valid():
        return _checks_page(request, site, rule_form=form)
    stored = services.create_style_rule(site, form.rule, by=request.user)
    messages.success(request, f"Rule “{stored.pattern}” added.")
    return _to_checks_page(site, "#style-rules")


@login_required
@require_http_methods(["GET", "POST"])
def style_rule_edit(request: HttpRequest, site_key: str, rule_id: int) -> HttpResponse:
    site = selectors.site_for_admin(request.user, site_key, doing="change its settings")
    stored = get_object_or_404(site.style_rules, pk=rule_id)
    if stored.check_kind != "swap":
        messages.info(
            request,
            f"A Vale {stored.check_kind} rule is changed in its package and imported again.",
        )
        return _to_checks_page(site, "#style-rules")
    if request.method == "POST":
        form = StyleRuleForm(request.POST)
        if form.is_valid():
            services.update_style_rule(stored, form.rule, by=request.user)
            if stored.is_switched_off:
                messages.warning(
                    request,
                    f"Rule “{stored.pattern}” saved; it stays switched off until its "
                    "pattern is rewritten.",
                )
            else:
                messages.success(request, f"Rule “{stored.pattern}” saved.")
            return _to_checks_page(site, "#style-rules")
    else:
        form = StyleRuleForm(initial=StyleRuleForm.initial_for(stored))
    return render(request, "desk/style_rule.html", {"site": site, "rule": stored, "form": form})


@login_required
@require_POST
def style_rule_delete(request: HttpRequest, site_key: str, rule_id: int) -> HttpResponse:
    site = selectors.site_for_admin(request.user, site_key, doing="change its settings")
    stored = get_object_or_404(site.style_rules, pk=rule_id)
    services.delete_style_rule(stored, by=request.user)
    messages.success(request, f"Rule “{stored.pattern}” deleted.")
    return _to_checks_page(site, "#style-rules")


@login_required
@require_POST
def style_rules_import(request: HttpRequest, site_key: str) -> HttpResponse:
    site = selectors.site_for_admin(request.user, site_key, doing="change its settings")
    form = StyleRulesImportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "Nothing was imported: correct the lines below and try again.")
        return _checks_page(request, site, import_form=form)
    result = services.import_style_rules(site, form.cleaned_data["file"], by=request.user)
    messages.success(
        request, f"Imported {result.added} new rules and updated {result.updated} existing ones."
    )
    return _to_checks_page(site, "#style-rules")


@login_required
@require_POST
def style_rules_import_vale(request: HttpRequest, site_key: str) -> HttpResponse:
    site = selectors.site_for_admin(request.user, site_key, doing="change its settings")
    form = ValePackageImportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "Nothing was imported from the Vale package.")
        return _checks_page(request, site, vale_form=form)
    result = services.import_vale_package(site, form.cleaned_data["file"], by=request.user)
    messages.success(
        request,
        f"Imported from the Vale package: {result.added} new rules, {result.updated} updated, "
        f"{result.accepted_words} new accepted words.",
    )
    for skipped in result.skipped:
        messages.warning(request, f"Skipped {skipped.name}: {skipped.reason}.")
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
