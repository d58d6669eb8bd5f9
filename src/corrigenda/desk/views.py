"""The editors' desk: the triage queue and the issue page. Thin: reads come from
`reports.selectors` (which also decide who may see what), writes from `reports.services`."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from corrigenda.anchoring.text import passage_in_context
from corrigenda.reports import selectors, services
from corrigenda.reports.errors import InvalidTransition
from corrigenda.reports.models import Finding, Issue, Report, Site

from .forms import ApiTokenForm, AssignForm, CommentForm, QueueFilterForm, StatusForm
from .passages import word_diff

ISSUES_PER_PAGE = 25


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
        {"form": form, "page": page, "sites": sites, "query": query.urlencode()},
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
    findings = [
        (finding, passage_in_context(finding.revision.text, finding.start, finding.end))
        for finding in selectors.findings_of(issue.article)
    ]
    return render(
        request,
        "desk/issue.html",
        {
            "issue": issue,
            "passage": passage,
            "passage_diff": passage_diff,
            "can_mark_fixed": Issue.Status.FIXED in services.ALLOWED_TRANSITIONS[issue.status],
            "reports": reports,
            "comments": issue.comments.select_related("author").order_by("created"),
            "events": issue.events.select_related("actor"),
            "status_form": StatusForm(issue=issue),
            "assign_form": AssignForm(members=members, initial={"assignee": issue.assignee_id}),
            "comment_form": CommentForm(),
            "next_url": request.GET.get("next", ""),
            "open_findings": [f for f in findings if f[0].state == Finding.State.OPEN],
            "gone_findings": [f for f in findings if f[0].state == Finding.State.GONE],
            "dismissed_findings": [f for f in findings if f[0].state == Finding.State.DISMISSED],
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
    return redirect(reverse("desk:queue") + f"?article={finding.article_id}")


@login_required
def site_detail(request: HttpRequest, site_key: str) -> HttpResponse:
    site = selectors.site_for_user(request.user, site_key)
    script_url = request.build_absolute_uri("/static/corrigenda/corrigenda.js")
    return render(
        request,
        "desk/site.html",
        {
            "site": site,
            "script_url": script_url,
            "suggest_url": request.build_absolute_uri(reverse("public:suggest", args=[site.key])),
            "is_admin": selectors.is_site_admin(request.user, site),
            "open_issues": site.issues.filter(status__in=services.OPEN_STATUSES).count(),
            "members": site.membership_set.select_related("user").order_by("user__username"),
            "api_tokens": selectors.api_tokens_of(site),
            "token_form": ApiTokenForm(),
        },
    )


def _site_admin_only(request: HttpRequest, site_key: str) -> Site:
    """The site, for its admins; 404 to users of other sites, 403 to its editors."""
    site = selectors.site_for_user(request.user, site_key)
    if not selectors.is_site_admin(request.user, site):
        raise PermissionDenied("Only the site's admins manage API tokens.")
    return site


@login_required
@require_POST
@never_cache
def site_token_create(request: HttpRequest, site_key: str) -> HttpResponse:
    site = _site_admin_only(request, site_key)
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
    site = _site_admin_only(request, site_key)
    token = get_object_or_404(site.api_tokens, pk=token_id)
    services.revoke_api_token(token, by=request.user)
    messages.success(request, f"Token “{token.name}” ({token.prefix}…) is revoked.")
    return redirect(reverse("desk:site", args=[site.key]) + "#api-tokens")
