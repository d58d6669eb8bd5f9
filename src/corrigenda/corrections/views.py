"""Correction notes in the desk: write, preview, publish, amend, withdraw. Thin: who may see
what comes from the selectors, every change from `corrections.services`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from corrigenda.dates import long_date
from corrigenda.desk.history import describe as describe_event
from corrigenda.reports import selectors as report_selectors
from corrigenda.reports.models import UNCORRECTED_CHANGE, Finding, Issue, Site

from . import selectors, services
from .errors import CorrectionError
from .forms import NewCorrectionForm, WithdrawForm, WordingForm
from .models import Correction
from .wording import suggested_note, wrong_words


def _preview(
    form: WordingForm,
    *,
    of: Correction | None,
    issue: Issue | None,
    finding: Finding | None = None,
) -> Correction:
    """An unsaved note with the form's wording and the dates readers would see on saving."""
    now = timezone.now()
    published = of is not None and of.state == Correction.State.PUBLISHED
    if of is not None:
        article = of.article
    else:
        article = issue.article if issue is not None else finding.article
    return Correction(
        site_id=article.site_id,
        article=article,
        kind=form.cleaned_data["kind"],
        said=form.cleaned_data["said"],
        correct=form.cleaned_data["correct"],
        note=form.cleaned_data["note"],
        state=of.state if of is not None else Correction.State.DRAFT,
        published_at=of.published_at if published else now,
        amended_at=now if published else None,
    )


@login_required
def new_correction(request: HttpRequest, issue_id: int) -> HttpResponse:
    issue = report_selectors.issue_for_user(request.user, issue_id)
    if request.method != "POST" and issue.status not in services.CORRECTABLE_STATUSES:
        messages.error(
            request,
            _(
                "Issue #%(number)s is %(status)s: accept it (or mark it fixed) before writing "
                "its correction."
            )
            % {"number": issue.pk, "status": issue.get_status_display().lower()},
        )
        return redirect("desk:issue", issue_id=issue.pk)
    other_issues = selectors.correctable_issues_of(issue)
    said, correct = selectors.what_it_said(issue), selectors.most_suggested(issue)
    note = suggested_note(said, correct, issue.site.language)
    if note:
        said, correct = wrong_words(said, correct)
    form = NewCorrectionForm(
        request.POST or None,
        other_issues=other_issues,
        initial={"said": said, "correct": correct, "note": note},
    )
    preview = None
    if request.method == "POST" and form.is_valid():
        action = request.POST.get("action", "draft")
        if action == "preview":
            preview = _preview(form, of=None, issue=issue)
        else:
            issues = [issue, *form.cleaned_data["also_covers"]]
            try:
                correction = services.draft_correction(issues, form.wording(), by=request.user)
            except CorrectionError as error:
                form.add_error(None, str(error))
            else:
                return _after_drafting(request, correction, action)
    return render(
        request,
        "corrections/form.html",
        {"form": form, "issue": issue, "correction": None, "preview": preview},
    )


def _after_drafting(request: HttpRequest, correction: Correction, action: str) -> HttpResponse:
    if action == "publish":
        # Nothing goes public before the editor has seen exactly what will.
        return redirect("corrections:publish", correction_id=correction.pk)
    messages.success(
        request, _("%(kind)s saved as a draft.") % {"kind": correction.get_kind_display()}
    )
    return redirect("corrections:detail", correction_id=correction.pk)


@login_required
def new_correction_for_finding(request: HttpRequest, finding_id: int) -> HttpResponse:
    """A correction for an edit the article got without one, its wording drafted from
    what the edit changed."""
    finding = report_selectors.finding_for_user(request.user, finding_id)
    if finding.rule != UNCORRECTED_CHANGE:
        raise Http404("Only an edit made without a correction is corrected from its finding.")
    form = NewCorrectionForm(
        request.POST or None,
        other_issues=selectors.issues_of_article(finding.article_id),
        initial=selectors.draft_for_changes(finding),
    )
    form.fields["also_covers"].label = _("Reader issues of this article the note also covers")
    preview = None
    if request.method == "POST" and form.is_valid():
        action = request.POST.get("action", "draft")
        if action == "preview":
            preview = _preview(form, of=None, issue=None, finding=finding)
        else:
            try:
                correction = services.draft_correction(
                    form.cleaned_data["also_covers"],
                    form.wording(),
                    by=request.user,
                    article=finding.article,
                )
            except CorrectionError as error:
                form.add_error(None, str(error))
            else:
                return _after_drafting(request, correction, action)
    return render(
        request,
        "corrections/form.html",
        {"form": form, "issue": None, "finding": finding, "correction": None, "preview": preview},
    )


@login_required
def correction_detail(request: HttpRequest, correction_id: int) -> HttpResponse:
    correction = selectors.correction_for_user(request.user, correction_id)
    return _detail_page(request, correction, WithdrawForm())


def _detail_page(
    request: HttpRequest, correction: Correction, withdraw_form: WithdrawForm, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "corrections/detail.html",
        {
            "correction": correction,
            "issues": correction.issues.order_by("start", "id"),
            "versions": selectors.wording_history(correction),
            "events": [
                (event, describe_event(event)) for event in selectors.correction_events(correction)
            ],
            "withdraw_form": withdraw_form,
        },
        status=status,
    )


@login_required
def edit_correction(request: HttpRequest, correction_id: int) -> HttpResponse:
    correction = selectors.correction_for_user(request.user, correction_id)
    if correction.state == Correction.State.WITHDRAWN:
        messages.error(request, _("A withdrawn correction cannot be edited."))
        return redirect("corrections:detail", correction_id=correction.pk)
    current = {f: getattr(correction, f) for f in ("kind", "said", "correct", "note")}
    form = WordingForm(request.POST or None, initial=current)
    preview = None
    if request.method == "POST" and form.is_valid():
        if request.POST.get("action") == "preview":
            preview = _preview(form, of=correction, issue=None)
        else:
            try:
                services.edit_correction(correction, form.wording(), by=request.user)
            except CorrectionError as error:
                form.add_error(None, str(error))
            else:
                if correction.state == Correction.State.PUBLISHED:
                    messages.success(
                        request, _("The published note is amended; readers see the date.")
                    )
                else:
                    messages.success(request, _("Draft saved."))
                return redirect("corrections:detail", correction_id=correction.pk)
    return render(
        request,
        "corrections/form.html",
        {"form": form, "issue": None, "correction": correction, "preview": preview},
    )


@login_required
@require_http_methods(["GET", "POST"])
def publish_correction(request: HttpRequest, correction_id: int) -> HttpResponse:
    """GET: the last look before publishing (the exact public text, its date, and where
    it will appear); POST: publish."""
    correction = selectors.correction_for_user(request.user, correction_id)
    if correction.state != Correction.State.DRAFT:
        messages.error(request, _("Only a draft can be published."))
        return redirect("corrections:detail", correction_id=correction.pk)
    if request.method == "GET":
        preview = _preview_of_draft(correction)
        return render(
            request,
            "corrections/confirm_publish.html",
            {
                "correction": correction,
                "preview": preview,
                "public_on": long_date(preview.published_at, correction.site.language),
                "log_url": request.build_absolute_uri(
                    reverse("public:corrections", kwargs={"site_key": correction.site.key})
                ),
                "issues": correction.issues.order_by("start", "id"),
            },
        )
    try:
        services.publish_correction(correction, by=request.user)
    except CorrectionError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(kind)s published.") % {"kind": correction.get_kind_display()},
        )
    return redirect("corrections:detail", correction_id=correction.pk)


def _preview_of_draft(correction: Correction) -> Correction:
    """The draft as it will read once published now (an unsaved copy, dated today)."""
    return Correction(
        site=correction.site,
        article=correction.article,
        kind=correction.kind,
        said=correction.said,
        correct=correction.correct,
        note=correction.note,
        state=Correction.State.PUBLISHED,
        published_at=timezone.now(),
    )


@login_required
@require_POST
def withdraw_correction(request: HttpRequest, correction_id: int) -> HttpResponse:
    correction = selectors.correction_for_user(request.user, correction_id)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, correction, form, status=400)
    try:
        services.withdraw_correction(
            correction, by=request.user, reason=form.cleaned_data["reason"]
        )
    except CorrectionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The note is withdrawn; its issues are accepted again."))
    return redirect("corrections:detail", correction_id=correction.pk)


CORRECTIONS_PER_PAGE = 50


def _list_page(request: HttpRequest, site: Site | None) -> HttpResponse:
    corrections = selectors.desk_corrections(request.user, site)
    page = Paginator(corrections, CORRECTIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "corrections/list.html",
        {"site": site, "corrections": page.object_list, "page": page},
    )


@login_required
def correction_list(request: HttpRequest) -> HttpResponse:
    return _list_page(request, None)


@login_required
def site_corrections(request: HttpRequest, site_key: str) -> HttpResponse:
    return _list_page(request, report_selectors.site_for_user(request.user, site_key))
