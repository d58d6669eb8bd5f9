"""Corrections in the desk, through the pages an editor uses: write, preview, publish,
amend, withdraw; only on the user's own sites; every text escaped."""

import html
import re

import pytest
from django.utils import timezone

from corrigenda.corrections.models import Correction
from corrigenda.corrections.services import Wording, draft_correction, publish_correction
from corrigenda.dates import long_date
from corrigenda.reports.models import Issue
from corrigenda.reports.services import change_status
from tests.factories import make_editor, submit_report

pytestmark = pytest.mark.django_db
S = Issue.Status
NOTE = "An earlier version said the works cost 40 million euros. They cost 4 million euros."


def messages_after(response) -> str:
    return " ".join(re.findall(r'<p class="msg [^"]*">(.*?)</p>', response.text))


def note_shown(html: str) -> str:
    """The reader-facing note on a page, as markup."""
    found = re.search(r'<aside class="corrigenda-note.*?</aside>', html, re.S)
    assert found, "no correction note on the page"
    return found.group(0)


def accepted(issue, by):
    change_status(issue, S.ACCEPTED, by=by)
    return issue


@pytest.fixture
def money(site, editor):
    """An accepted issue that three readers flagged, two with the same suggestion."""
    issue = submit_report(site, "4 million euros", suggestion="4.2 million euros").issue
    submit_report(site, "4 million euros", suggestion="4.2 million euros")
    submit_report(site, "4 million euros", suggestion="40 million euros")
    return accepted(issue, editor)


def form_data(**fields) -> dict:
    return {"kind": "correction", "said": "", "correct": "", "note": NOTE, **fields}


def test_issue_page_offers_a_correction_only_once_accepted(editor_client, site, editor):
    issue = submit_report(site, "the the").issue
    page = editor_client.get(f"/desk/issues/{issue.pk}/").text
    assert "Write a correction" not in page
    assert "Accept the issue" in page

    accepted(issue, editor)
    page = editor_client.get(f"/desk/issues/{issue.pk}/").text
    assert f'href="/desk/corrections/issues/{issue.pk}/new"' in page
    assert 'aria-keyshortcuts="c"' in page


def test_new_correction_is_refused_for_a_new_issue(editor_client, site):
    issue = submit_report(site, "the the").issue
    response = editor_client.get(f"/desk/corrections/issues/{issue.pk}/new", follow=True)
    assert response.redirect_chain[-1][0] == f"/desk/issues/{issue.pk}/"
    assert "accept it" in messages_after(response)


def test_form_is_prefilled_from_the_issue_and_offers_its_articles_other_issues(
    editor_client, site, editor, money
):
    typo = accepted(submit_report(site, "the the").issue, editor)
    untriaged = submit_report(site, "end of the month").issue
    elsewhere = accepted(
        submit_report(site, "the the", url="https://news.example.org/other").issue, editor
    )

    page = editor_client.get(f"/desk/corrections/issues/{money.pk}/new").text

    said = re.search(r'<textarea name="said"[^>]*>(.*?)</textarea>', page, re.S).group(1)
    correct = re.search(r'<textarea name="correct"[^>]*>(.*?)</textarea>', page, re.S).group(1)
    # The words that differ (a figure with its unit), not the whole passage.
    assert said.strip() == "4 million"
    assert correct.strip() == "4.2 million"
    offered = {int(i) for i in re.findall(r'name="also_covers" value="(\d+)"', page)}
    assert offered == {typo.pk}
    assert untriaged.pk not in offered and elsewhere.pk not in offered


def test_preview_shows_the_readers_note_and_saves_nothing(editor_client, money):
    url = f"/desk/corrections/issues/{money.pk}/new"
    response = editor_client.post(url, form_data(note="Line one.\nLine two.", action="preview"))

    assert response.status_code == 200
    note = note_shown(response.text)
    assert "Correction" in note
    assert "Line one.<br>Line two." in note
    assert "Corrected on" in note
    assert not Correction.objects.exists()
    # The form keeps what the editor wrote.
    assert "Line one.\nLine two.</textarea>" in response.text


def test_save_a_draft_then_publish_it(editor_client, money):
    response = editor_client.post(
        f"/desk/corrections/issues/{money.pk}/new", form_data(action="draft")
    )
    correction = Correction.objects.get()
    assert response.url == f"/desk/corrections/{correction.pk}/"
    assert correction.state == Correction.State.DRAFT
    money.refresh_from_db()
    assert money.status == S.ACCEPTED

    page = editor_client.get(response.url).text
    assert f'href="/desk/corrections/{correction.pk}/publish"' in page
    assert "Not yet published" in note_shown(page)

    # Publish… shows the last look first; only its button publishes.
    confirm = editor_client.get(f"/desk/corrections/{correction.pk}/publish").text
    correction.refresh_from_db()
    assert correction.state == Correction.State.DRAFT
    assert f'action="/desk/corrections/{correction.pk}/publish"' in confirm
    response = editor_client.post(f"/desk/corrections/{correction.pk}/publish", follow=True)
    assert "Correction published." in messages_after(response)
    correction.refresh_from_db()
    money.refresh_from_db()
    assert (correction.state, money.status) == (Correction.State.PUBLISHED, S.PUBLISHED)
    assert "Corrected on" in note_shown(response.text)


def test_publish_from_the_form_after_the_last_look_covering_two_issues(
    editor_client, site, editor, money
):
    typo = accepted(submit_report(site, "the the").issue, editor)
    change_status(typo, S.FIXED, by=editor)

    response = editor_client.post(
        f"/desk/corrections/issues/{money.pk}/new",
        form_data(action="publish", also_covers=[typo.pk]),
    )
    correction = Correction.objects.get()
    assert response.url == f"/desk/corrections/{correction.pk}/publish"
    assert correction.state == Correction.State.DRAFT
    response = editor_client.post(response.url, follow=True)

    correction.refresh_from_db()
    assert correction.state == Correction.State.PUBLISHED
    assert set(correction.issues.all()) == {money, typo}
    assert set(
        Issue.objects.filter(pk__in=[money.pk, typo.pk]).values_list("status", flat=True)
    ) == {S.PUBLISHED}
    assert "Correction published." in messages_after(response)
    # The issue page lists the note that covers it.
    issue_page = editor_client.get(f"/desk/issues/{typo.pk}/").text
    assert f'href="/desk/corrections/{correction.pk}/"' in issue_page
    assert "Published" in issue_page


@pytest.mark.parametrize("action", ["draft", "publish"])
def test_an_empty_note_is_refused_with_the_reason_on_the_form(editor_client, money, action):
    response = editor_client.post(
        f"/desk/corrections/issues/{money.pk}/new", form_data(note="   ", action=action)
    )
    assert response.status_code == 200
    assert "The note readers see cannot be empty." in response.text
    assert not Correction.objects.exists()


def test_an_issue_rejected_since_is_refused_when_publishing_from_the_form(
    editor_client, editor, money
):
    url = f"/desk/corrections/issues/{money.pk}/new"
    editor_client.get(url)
    change_status(money, S.REJECTED, by=editor)
    response = editor_client.post(url, form_data(action="publish"))
    assert response.status_code == 200
    assert "only accepted or fixed issues get a note" in response.text
    assert not Correction.objects.exists()


@pytest.fixture
def published(money, editor):
    correction = draft_correction([money], Wording("correction", NOTE), by=editor)
    return publish_correction(correction, by=editor)


def test_amending_a_published_note_says_so_and_keeps_both_wordings(editor_client, published):
    edit_url = f"/desk/corrections/{published.pk}/edit"
    page = editor_client.get(edit_url).text
    assert "Amend the published note" in page
    assert "Save draft" not in page

    amended = "The works cost 4.2 million euros; an earlier version said 4 million."
    preview = editor_client.post(edit_url, form_data(note=amended, action="preview"))
    assert "amended on" in note_shown(preview.text)
    published.refresh_from_db()
    assert published.note == NOTE

    response = editor_client.post(edit_url, form_data(note=amended, action="save"), follow=True)

    assert "amended" in messages_after(response)
    page = response.text
    assert "amended on" in note_shown(page)
    versions = re.findall(
        r'<li class="version([^"]*)">.*?<blockquote class="version-note">(.*?)</blockquote>',
        page,
        re.S,
    )
    assert versions == [(" seen-by-readers", NOTE), (" seen-by-readers", amended)]
    assert "amended while public" in page
    published.refresh_from_db()
    assert published.amended_at is not None


def test_withdrawing_needs_a_reason_and_a_confirmation(editor_client, money, published):
    url = f"/desk/corrections/{published.pk}/withdraw"
    refused = editor_client.post(url, {"reason": "Wrong figure"})
    assert refused.status_code == 400
    assert "This field is required." in refused.text
    published.refresh_from_db()
    assert published.state == Correction.State.PUBLISHED

    response = editor_client.post(
        url, {"reason": "Our figure was right after all.", "confirm": "on"}, follow=True
    )

    assert "withdrawn" in messages_after(response)
    assert "Our figure was right after all." in response.text
    assert 'id="correction-state">Withdrawn' in response.text
    published.refresh_from_db()
    money.refresh_from_db()
    assert (published.state, money.status) == (Correction.State.WITHDRAWN, S.ACCEPTED)
    # Nothing left to do with it but read it.
    assert editor_client.get(f"/desk/corrections/{published.pk}/edit").status_code == 302


def test_withdrawing_a_draft_says_why_not(editor_client, editor, money):
    draft = draft_correction([money], Wording("correction", NOTE), by=editor)
    response = editor_client.post(
        f"/desk/corrections/{draft.pk}/withdraw", {"reason": "x", "confirm": "on"}, follow=True
    )
    assert "Only a published correction can be withdrawn" in messages_after(response)


def test_lists_put_drafts_first_and_show_only_the_users_sites(
    editor_client, site, other_site, editor, money, published
):
    draft = draft_correction(
        [accepted(submit_report(site, "the the").issue, editor)],
        Wording("clarification", "A draft clarification."),
        by=editor,
    )
    outsider = make_editor("olga", other_site)
    theirs = draft_correction(
        [accepted(submit_report(other_site, "the the", comment="their reader").issue, outsider)],
        Wording("correction", "Their own note."),
        by=outsider,
    )

    for url in ("/desk/corrections/", f"/desk/corrections/sites/{site.key}/"):
        page = editor_client.get(url).text
        listed = [int(i) for i in re.findall(r'data-correction-id="(\d+)"', page)]
        assert listed == [draft.pk, published.pk]
        assert "Their own note." not in page
    assert theirs.pk
    assert editor_client.get(f"/desk/corrections/sites/{other_site.key}/").status_code == 404
    site_page = editor_client.get(f"/desk/sites/{site.key}/").text
    assert f'href="/desk/corrections/sites/{site.key}/"' in site_page


def test_a_user_of_another_site_gets_404_everywhere(client, other_site, published, money):
    client.force_login(make_editor("olga", other_site))
    pk = published.pk
    for method, url in [
        ("get", f"/desk/corrections/{pk}/"),
        ("get", f"/desk/corrections/{pk}/edit"),
        ("post", f"/desk/corrections/{pk}/edit"),
        ("post", f"/desk/corrections/{pk}/publish"),
        ("post", f"/desk/corrections/{pk}/withdraw"),
        ("get", f"/desk/corrections/issues/{money.pk}/new"),
        ("post", f"/desk/corrections/issues/{money.pk}/new"),
    ]:
        data = {**form_data(action="save"), "reason": "x", "confirm": "on"}
        response = getattr(client, method)(url, data) if method == "post" else client.get(url)
        assert response.status_code == 404, url
    published.refresh_from_db()
    assert (published.state, published.note) == (Correction.State.PUBLISHED, NOTE)
    assert NOTE not in client.get("/desk/corrections/").text


HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)> javascript:alert(1)'
HOSTILE_TEXT = f"The bridge reopens on Monday. {HOSTILE} The mayor spoke."


def test_hostile_text_is_escaped_on_every_page(editor_client, site, editor):
    issue = submit_report(
        site, HOSTILE, text=HOSTILE_TEXT, title=HOSTILE, suggestion=HOSTILE, comment=HOSTILE
    ).issue
    accepted(issue, editor)
    new_url = f"/desk/corrections/issues/{issue.pk}/new"
    hostile_form = form_data(said=HOSTILE, correct=HOSTILE, note=HOSTILE)
    pages = {
        "new": editor_client.get(new_url),
        "preview": editor_client.post(new_url, {**hostile_form, "action": "preview"}),
    }
    editor_client.post(new_url, {**hostile_form, "action": "publish"})
    correction = Correction.objects.get()
    pages["confirm"] = editor_client.get(f"/desk/corrections/{correction.pk}/publish")
    editor_client.post(f"/desk/corrections/{correction.pk}/publish")
    editor_client.post(
        f"/desk/corrections/{correction.pk}/edit",
        {**hostile_form, "note": HOSTILE + " amended", "action": "save"},
    )
    pages["amend"] = editor_client.get(f"/desk/corrections/{correction.pk}/edit")
    editor_client.post(
        f"/desk/corrections/{correction.pk}/withdraw", {"reason": HOSTILE, "confirm": "on"}
    )
    pages |= {
        "detail": editor_client.get(f"/desk/corrections/{correction.pk}/"),
        "withdraw-refused": editor_client.post(
            f"/desk/corrections/{correction.pk}/withdraw", {"reason": HOSTILE}
        ),
        "list": editor_client.get("/desk/corrections/"),
        "site-list": editor_client.get(f"/desk/corrections/sites/{site.key}/"),
        "issue": editor_client.get(f"/desk/issues/{issue.pk}/"),
    }
    for name, response in pages.items():
        page = response.text
        assert response.status_code in (200, 400), name
        assert "<script>alert" not in page, name
        assert "<img src=x" not in page, name
        assert 'href="javascript:' not in page, name
        assert "&lt;script&gt;alert(" in page, name


def test_history_tells_which_wordings_readers_saw(editor_client, editor, money):
    draft = draft_correction([money], Wording("correction", "First try."), by=editor)
    edit_url = f"/desk/corrections/{draft.pk}/edit"
    assert "Save draft" in editor_client.get(edit_url).text
    editor_client.post(edit_url, form_data(note="Second try.", action="save"))
    editor_client.post(f"/desk/corrections/{draft.pk}/publish")
    editor_client.post(edit_url, form_data(note="Third, amended.", action="save"))
    editor_client.post(
        f"/desk/corrections/{draft.pk}/withdraw", {"reason": "Wrong story", "confirm": "on"}
    )

    page = editor_client.get(f"/desk/corrections/{draft.pk}/").text

    rows = re.findall(r'<li class="version([^"]*)">\s*<p class="meta">(.*?)</p>', page, re.S)
    assert [(cls, meta.rsplit(" · ", 2)[-2:]) for cls, meta in rows] == [
        ("", ["first draft", "never public"]),
        (" seen-by-readers", ["draft edit", "readers saw this wording"]),
        (" seen-by-readers", ["amended while public", "readers saw this wording"]),
    ]
    assert "Wrong story" in page


def test_the_admin_shows_corrections_but_cannot_rewrite_them(client, published, django_user_model):
    boss = django_user_model.objects.create_superuser("boss", password="pw-boss")
    client.force_login(boss)
    url = f"/admin/corrections/correction/{published.pk}/change/"
    assert NOTE in client.get(url).text
    response = client.post(url, {"note": "Quietly rewritten", "state": "published"})
    assert response.status_code == 403
    published.refresh_from_db()
    assert published.note == NOTE


def test_the_last_look_shows_the_exact_text_date_and_places(editor_client, site, editor, money):
    draft = draft_correction([money], Wording("correction", NOTE), by=editor)
    page = editor_client.get(f"/desk/corrections/{draft.pk}/publish").text
    shown = note_shown(page)
    assert NOTE in shown
    today = long_date(timezone.now(), site.language)
    assert f">{today}</time>" in shown
    assert f'<dd id="public-date">{today}</dd>' in page
    assert f'href="{money.article.canonical_url}"' in page
    assert f"/s/{site.key}/corrections/" in page

    editor_client.post(f"/desk/corrections/{draft.pk}/publish")
    log = editor_client.get(f"/s/{site.key}/corrections/").text
    # What the desk showed is what went public, byte for byte.
    assert note_shown(log) == shown
    history = editor_client.get(f"/desk/corrections/{draft.pk}/").text
    assert "eddie wrote the draft" in history and "eddie published it" in history
    assert "correction.published" not in history


@pytest.mark.parametrize(
    ("flagged", "suggested", "note", "said", "correct"),
    [
        (
            "against a first estimate of £24 million.",
            "against a first estimate of £34 million.",
            "An earlier version of this article said “£24 million”. "
            "It should have said “£34 million”.",
            "£24 million",
            "£34 million",
        ),
        (
            "“This bridge is the spine of the east side,”",
            "“This bridge is the spine of the west side,”",
            "An earlier version of this article said “east”. It should have said “west”.",
            "east",
            "west",
        ),
    ],
)
def test_the_suggested_note_quotes_the_wrong_words_cleanly(
    editor_client, site, editor, flagged, suggested, note, said, correct
):
    text = f"The works cost £38.5 million, the council said, {flagged}\nMore text."
    issue = accepted(submit_report(site, flagged, text=text, suggestion=suggested).issue, editor)
    page = editor_client.get(f"/desk/corrections/issues/{issue.pk}/new").text

    def field(name):
        found = re.search(rf'<textarea name="{name}"[^>]*>(.*?)</textarea>', page, re.S)
        return html.unescape(found.group(1)).strip()

    assert (field("note"), field("said"), field("correct")) == (note, said, correct)
    assert ".”." not in field("note")
