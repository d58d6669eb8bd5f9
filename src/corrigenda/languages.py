"""Which language a page or an email is written in.

The desk speaks its user's language: the one they picked in their settings (kept with
their account, `desk.DeskSettings`, and carried by Django's language cookie so no page
reads the database for it), else their browser's (Accept-Language). Public pages, the
readers' pages and every email speak their site's language, whatever the browser says:
a British paper's corrections log reads in English for everyone.

Templates get this module's filter as a builtin: `{% language correction.site|site_language %}`;
dates are written by `corrigenda.dates`.
"""

from django import template
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware import locale
from django.utils import translation

register = template.Library()


def supported_language(tag: str) -> str:
    """The desk's language nearest a language tag (en-GB gives en, pt-BR English)."""
    try:
        return translation.get_supported_language_variant(tag.strip().lower())
    except LookupError:
        return settings.LANGUAGE_CODE


@register.filter
def site_language(site) -> str:
    """The language a site's public pages and emails are written in (a filter too: a
    correction note reads the same in the desk's preview as on the site)."""
    return supported_language(site.language or settings.LANGUAGE_CODE)


def speak_site_language(request: HttpRequest, site) -> str:
    """Write the rest of this request in the site's language (a public page's view calls
    it once it knows the site); the response then says so and does not vary by browser."""
    language = site_language(site)
    translation.activate(language)
    request.LANGUAGE_CODE = language
    request.speaks_site_language = True
    return language


def remember_language(response: HttpResponse, language: str) -> None:
    """Carry an editor's language ("" for their browser's) in Django's language cookie,
    which the middleware reads on every page without a database query."""
    if language:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    else:
        response.delete_cookie(
            settings.LANGUAGE_COOKIE_NAME, samesite=settings.LANGUAGE_COOKIE_SAMESITE
        )


def speak_editor_language(request: HttpRequest, language: str) -> str:
    """Write the rest of this request in the language the editor just picked ("" for the
    browser's), not in the one their cookie named when the request came."""
    request.COOKIES.pop(settings.LANGUAGE_COOKIE_NAME, None)
    language = language or translation.get_language_from_request(request)
    translation.activate(language)
    request.LANGUAGE_CODE = language
    return language


class LocaleMiddleware(locale.LocaleMiddleware):
    """Django's (language cookie, then Accept-Language), except that a page written in
    its site's language is the same for every browser, so caches need not vary by it; and
    the thread goes back to the default language after each request, so what runs next in
    it (a task, another request's middleware) does not inherit this one's."""

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if getattr(request, "speaks_site_language", False):
            response.headers.setdefault("Content-Language", translation.get_language())
        else:
            response = super().process_response(request, response)
        translation.deactivate()
        return response
