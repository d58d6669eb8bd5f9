"""The desk's side of edits made without a correction: the before/after on the article
page and in the findings queue, the correction editor prefilled from the edit, and the
finding settled when that correction is published."""

import pytest
from django.urls import reverse

from corrigenda.corrections.models import Correction
from corrigenda.reports import services
from corrigenda.reports.models import UNCORRECTED_CHANGE, Article, Event, Finding, Revision
from tests.factories import make_editor

pytestmark = pytest.mark.django_db

TEXT = (
    "The bridge reopens on Monday after the repairs.\n"
    "The mayor said the works cost 4 million euros <script>alert(1)</script>, paid by the city.\n"
    "Residents recieved a letter."
)


@pytest.fixture
def finding(site):
    site.uncorrected_change_grace = 0
    site.save()
    article = Article.objects.create(
        site=site, canonical_url="https://news.example.org/bridge", title="Bridge reopens"
    )
    services.record_revision(article, TEXT, Revision.Source.API)
    pushed = services.record_revision(
        article, TEXT.replace("4 million", "5 million"), Revision.Source.API
    )
    return services.note_uncorrected_changes(pushed.revision)


def test_the_article_page_shows_the_edit_before_and_after(editor_client, finding):
    page = editor_client.get(reverse("desk:article", args=[finding.article_id])).text
    assert "Changed without a correction: a figure." in page
    assert '<dd class="passage-before">The mayor said the works cost <del>4</del> million' in page
    assert '<dd class="passage-after">The mayor said the works cost <ins>5</ins> million' in page
    # The article's own text is shown as text.
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page
    assert "Why it fired:</strong> An edit of the published article changed a figure" in page
    assert reverse("corrections:new-for-finding", args=[finding.pk]) in page


def test_the_findings_queue_shows_the_edit(editor_client, finding):
    page = editor_client.get(reverse("desk:findings")).text
    assert "Changed without a correction: a figure." in page
    assert "<del>4</del>" in page and "<ins>5</ins>" in page
    assert reverse("corrections:new-for-finding", args=[finding.pk]) in page


def test_a_german_desk_names_what_changed_in_german(editor_client, site):
    site.uncorrected_change_grace = 0
    site.save()
    article = Article.objects.create(site=site, canonical_url="https://news.example.org/y")
    services.record_revision(article, TEXT, Revision.Source.API)
    edited = TEXT.replace("4 million", "5 million").replace("Monday", "Friday")
    services.note_uncorrected_changes(
        services.record_revision(article, edited, Revision.Source.API).revision
    )
    page = editor_client.get(reverse("desk:findings"), headers={"Accept-Language": "de"}).text
    assert "Ohne Korrektur geändert: ein Datum und eine Zahl." in page


def test_a_waiting_edit_is_listed_apart_with_its_deadline(editor_client, site):
    article = Article.objects.create(site=site, canonical_url="https://news.example.org/x")
    services.record_revision(article, TEXT, Revision.Source.API)
    pushed = services.record_revision(
        article, TEXT.replace("Monday", "Friday"), Revision.Source.API
    )
    waiting = services.note_uncorrected_changes(pushed.revision)
    assert waiting.state == Finding.State.WAITING
    page = editor_client.get(reverse("desk:article", args=[article.pk])).text
    assert "Edits waiting for a correction" in page
    assert "unless a correction of this article is published first" in page
    # Not in the queue of open findings yet.
    assert f'data-finding-id="{waiting.pk}"' not in editor_client.get(reverse("desk:findings")).text


def test_write_a_correction_opens_a_prefilled_editor(editor_client, finding):
    page = editor_client.get(reverse("corrections:new-for-finding", args=[finding.pk])).text
    assert "for an edit made without a correction" in page
    assert (
        "An earlier version of this article said “works cost 4 million euros”. "
        "It should have said “works cost 5 million euros”.</textarea>"
    ) in page
    assert "<del>4</del>" in page


def test_publishing_the_prefilled_correction_settles_the_edit(editor_client, editor, finding):
    url = reverse("corrections:new-for-finding", args=[finding.pk])
    response = editor_client.post(
        url,
        {
            "kind": "correction",
            "said": "4 million euros",
            "correct": "5 million euros",
            "note": "An earlier version of this article said the works cost €4m. It was €5m.",
            "action": "publish",
        },
    )
    correction = Correction.objects.get()
    # First the last look at what goes public: nothing is published yet.
    confirm = reverse("corrections:publish", args=[correction.pk])
    assert (response.status_code, response.url) == (302, confirm)
    assert "Publish this correction?" in editor_client.get(confirm).text
    finding.refresh_from_db()
    assert finding.state == Finding.State.OPEN

    response = editor_client.post(confirm)
    correction.refresh_from_db()
    assert (correction.article_id, correction.state) == (finding.article_id, "published")
    assert list(correction.issues.all()) == []
    finding.refresh_from_db()
    assert finding.state == Finding.State.CORRECTED
    event = Event.objects.get(action="finding.changes_corrected")
    assert (event.actor, event.detail["correction"]) == (editor, correction.pk)
    detail = editor_client.get(response.url)
    assert detail.status_code == 200
    assert "It was €5m." in detail.text
    public_log = editor_client.get(reverse("public:corrections", args=[finding.site.key]))
    assert "It was €5m." in public_log.text
    page = editor_client.get(reverse("desk:article", args=[finding.article_id])).text
    assert "1 edit with a published correction" in page
    assert 'data-action="write-correction"' not in page


def test_an_empty_note_is_refused_and_nothing_is_saved(editor_client, finding):
    url = reverse("corrections:new-for-finding", args=[finding.pk])
    response = editor_client.post(url, {"kind": "correction", "note": " ", "action": "publish"})
    assert response.status_code == 200
    assert "The note readers see cannot be empty." in response.text
    assert not Correction.objects.exists()
    finding.refresh_from_db()
    assert finding.state == Finding.State.OPEN


def test_other_findings_have_no_correction_editor(editor_client, site, finding):
    services.check_revision(finding.revision)
    other = Finding.objects.exclude(rule=UNCORRECTED_CHANGE).filter(article=finding.article)
    assert other.exists()
    url = reverse("corrections:new-for-finding", args=[other.first().pk])
    assert editor_client.get(url).status_code == 404


def test_an_editor_of_another_site_gets_a_404(client, other_site, finding):
    client.force_login(make_editor("olga", other_site))
    url = reverse("corrections:new-for-finding", args=[finding.pk])
    assert client.get(url).status_code == 404
    assert (
        client.post(url, {"kind": "correction", "note": "x", "action": "publish"}).status_code
        == 404
    )
    assert not Correction.objects.exists()
    assert client.get(reverse("desk:article", args=[finding.article_id])).status_code == 404


def test_an_admin_sets_the_grace(admin_client, site):
    response = admin_client.post(
        reverse("desk:site-settings", args=[site.key]),
        {
            "name": site.name,
            "allowed_origins": "\n".join(site.allowed_origins),
            "article_selector": site.article_selector,
            "language": site.language,
            "retention_days": site.retention_days,
            "uncorrected_change_grace": "6",
        },
    )
    assert response.status_code == 302
    site.refresh_from_db()
    assert site.uncorrected_change_grace == 6
    event = Event.objects.get(action="site.settings_changed")
    assert event.detail["changed"]["uncorrected_change_grace"] == {"before": 24, "after": 6}


def test_a_ukrainian_desk_says_why_an_edit_fired_in_ukrainian(editor_client, finding):
    page = editor_client.get(
        reverse("desk:article", args=[finding.article_id]), headers={"Accept-Language": "uk"}
    ).text
    assert "Змінено цифру: «4» → «5»." in page
    assert (
        "В опублікованій статті змінено: цифра; виправлення до статті не опубліковано "
        "разом із правкою. Змінено цифру: «4» → «5»." in page
    )
    assert "A figure changed" not in page
    # The stored English stays what an English desk reads.
    assert finding.edited_passages[0].why == "A figure changed: “4” → “5”."
