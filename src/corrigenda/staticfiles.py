"""The static files storage: whitenoise's, which writes a gzipped copy of each file beside
it, after minifying the widget's scripts, so what a news page downloads is the smallest
form of the readable source kept in static/corrigenda/."""

import re

import rjsmin
from django.core.files.base import ContentFile
from whitenoise.storage import CompressedStaticFilesStorage

# The widget's and the desk's own scripts; other apps' files are copied as they are.
MINIFIED = re.compile(r"corrigenda/[^/]+\.js")


def minify_js(source: str) -> str:
    """Comments and spaces out, the code as written (rjsmin renames nothing)."""
    return rjsmin.jsmin(source)


class MinifiedStaticFilesStorage(CompressedStaticFilesStorage):
    """Minifies corrigenda/*.js as collectstatic copies it; whitenoise then compresses
    the minified file."""

    def _save(self, name, content):
        if MINIFIED.fullmatch(name.replace("\\", "/")):
            content = ContentFile(minify_js(content.read().decode("utf-8")).encode("utf-8"))
        return super()._save(name, content)
