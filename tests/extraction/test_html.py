"""Article text and metadata from HTML: a table of pages and what a reader would expect."""

import pytest

from corrigenda.extraction import (
    article_from_page,
    decode_html,
    looks_like_html,
    strip_title_suffix,
)
from corrigenda.extraction.html import extract_article

PROSE = (
    "<p>The harbour board met on Tuesday evening to discuss the winter timetable and the "
    "cost of fuel for the island ferries.</p>"
    "<p>Members agreed to publish the new timetable before the end of the month, after a "
    "long debate about evening crossings.</p>"
)


@pytest.mark.parametrize(
    ("html", "expected_text"),
    [
        pytest.param(
            "<html><body><nav>Home News</nav><article><h1>Title</h1><p>One <b>bold</b> "
            "word.</p><p>Two</p></article><footer>Footer</footer></body></html>",
            "Title\nOne bold word.\nTwo",
            id="article-container-only",
        ),
        pytest.param(
            "<article><h1>Title</h1><div itemprop='articleBody'><p>Body only.</p></div></article>",
            "Body only.",
            id="article-body-before-article",
        ),
        pytest.param(
            "<body><header>Masthead</header><main><p>Main text.</p></main></body>",
            "Main text.",
            id="main-when-no-article",
        ),
        pytest.param(
            "<article><p>First line<br>second line</p><ul><li>a</li><li>b</li></ul></article>",
            "First line\nsecond line\na\nb",
            id="breaks-and-list-items-are-lines",
        ),
        pytest.param(
            "<article><p>Kept</p><aside><h2>Related stories</h2><ul><li><a href='/x'>Other "
            "headline</a></li></ul></aside></article>",
            "Kept\nRelated stories\nOther headline",
            id="in-article-furniture-kept",
        ),
        pytest.param(
            "<article><p>Seen</p><script>var hidden = 1;</script><style>p{}</style>"
            "<noscript>Enable JS</noscript><template><p>t</p></template></article>",
            "Seen",
            id="invisible-elements-dropped",
        ),
        pytest.param(
            "<article><p>  spaced\u00a0 out \t text  </p>\n\n<p></p><p>next</p></article>",
            "spaced out text\nnext",
            id="normalised-whitespace",
        ),
        pytest.param(
            "<article><p>Fish &amp; chips &lt;b&gt; “quoted”</p></article>",
            "Fish & chips <b> “quoted”",
            id="entities-decoded",
        ),
        pytest.param(
            f"<html><body><div class='wrap'><div class='story'>{PROSE}</div></div></body></html>",
            "The harbour board met on Tuesday evening to discuss the winter timetable and the "
            "cost of fuel for the island ferries.\nMembers agreed to publish the new timetable "
            "before the end of the month, after a long debate about evening crossings.",
            id="no-container-falls-back-to-trafilatura",
        ),
    ],
)
def test_extracted_text(html, expected_text):
    assert extract_article(html).text == expected_text


def test_configured_container_selector_wins():
    html = "<article><p>Teaser</p></article><div class='story-body'><p>The story.</p></div>"
    article = extract_article(html, container_selectors=[".story-body", "article"])
    assert article.text == "The story."


@pytest.mark.parametrize(
    ("head", "html_attributes", "expected_title", "expected_language"),
    [
        (
            '<meta property="og:title" content=" Social  title ">',
            'lang="en-GB"',
            "Social title",
            "en",
        ),
        ("<title>Page title | Site</title>", 'lang="uk"', "Heading", "uk"),
        ("<title>Page title | Site</title>", "", "Heading", None),
        ('<meta http-equiv="Content-Language" content="de-AT">', "", "Heading", "de"),
        ("", 'lang="not a code"', "Heading", None),
        ('<meta http-equiv="content-language" content="uk_UA, en">', "", "Heading", "uk"),
    ],
)
def test_title_and_language(head, html_attributes, expected_title, expected_language):
    html = f"<html {html_attributes}><head>{head}</head><body><article><h1>Heading</h1></article>"
    article = extract_article(html)
    assert (article.title, article.language) == (expected_title, expected_language)


@pytest.mark.parametrize(
    ("head", "url", "expected"),
    [
        ('<link rel="canonical" href="https://news.example.org/a">', None, "https://news.example.org/a"),
        ('<link rel="canonical" href="/a">', "https://news.example.org/a?utm=x", "https://news.example.org/a"),
        ('<meta property="og:url" content="https://news.example.org/og">', None, "https://news.example.org/og"),
        ("", "https://news.example.org/a?utm=x", "https://news.example.org/a?utm=x"),
        ("", None, None),
    ],
)  # fmt: skip
def test_canonical_url(head, url, expected):
    html = f"<html><head>{head}</head><body><article><p>x</p></article></body></html>"
    assert extract_article(html, url).canonical_url == expected


@pytest.mark.parametrize(
    ("content", "is_html"),
    [
        ("<!DOCTYPE html><html><body>x</body></html>", True),
        ("<article><p>Fragment</p></article>", True),
        ("  <p>Just a paragraph</p>", True),
        ("An article about <angle brackets> in prose.\nSecond paragraph.", False),
        ("Plain text, 3 < 4 and 5 > 2.", False),
    ],
)
def test_looks_like_html(content, is_html):
    assert looks_like_html(content) is is_html


@pytest.mark.parametrize(
    ("content", "charset", "expected"),
    [
        ("Привіт".encode(), None, "Привіт"),
        ("\ufeffBOM".encode(), None, "BOM"),
        ("Café".encode("cp1252"), None, "Café"),
        ('<meta charset="koi8-r">Привет'.encode("koi8-r"), None, '<meta charset="koi8-r">Привет'),
        ("Ünïcode".encode("latin-1"), "latin-1", "Ünïcode"),
    ],
)  # fmt: skip
def test_decode_html(content, charset, expected):
    assert decode_html(content, charset) == expected


@pytest.mark.parametrize(
    ("title", "site_names", "expected"),
    [
        ("Old Mill Bridge reopens | The Riverside Courier", (), "Old Mill Bridge reopens"),
        ("A | B | The Courier", (), "A | B"),
        ("Bridge reopens – The Riverside Courier", ("The Riverside Courier",), "Bridge reopens"),
        ("Bridge reopens · Riverside Courier", ("The Riverside Courier (demo)",), "Bridge reopens"),
        # A dash inside a headline stays when what follows names no site.
        ("Jobs - the figures", ("The Riverside Courier",), "Jobs - the figures"),
        ("Jobs - the figures", (), "Jobs - the figures"),
        ("  Plain   headline ", (), "Plain headline"),
    ],
)
def test_title_loses_the_page_title_suffix(title, site_names, expected):
    assert strip_title_suffix(title, site_names) == expected


def test_extracted_title_loses_the_suffix_of_og_site_name():
    page = (
        b'<html><head><title>x</title><meta property="og:title" content="Ferry times change'
        b' - Harbour Post"><meta property="og:site_name" content="Harbour Post"></head>'
        b"<body><article><p>Text.</p></article></body></html>"
    )
    article = article_from_page(page, "utf-8", "https://post.example/ferry")
    assert article.title == "Ferry times change"
