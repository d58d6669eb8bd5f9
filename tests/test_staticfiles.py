"""collectstatic minifies the widget's scripts before whitenoise gzips them: a news page
downloads the minified file, while the readable source stays in the package."""

import gzip
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import override_settings

from corrigenda.staticfiles import minify_js

SOURCES = Path(__file__).resolve().parent.parent / "src" / "corrigenda" / "static" / "corrigenda"
WIDGET_FILES = sorted(path.name for path in SOURCES.glob("*.js"))
# A `${` whose expression opens a template literal before it closes: one literal nested in
# another, which rjsmin does not keep intact (it squeezes the inner one's spaces).
NESTED_TEMPLATE = re.compile(r"\$\{[^}`]*`")


@pytest.fixture(scope="module")
def collected(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("static")
    with override_settings(STATIC_ROOT=root):
        call_command("collectstatic", interactive=False, verbosity=0)
    return root


@pytest.mark.parametrize("name", WIDGET_FILES)
def test_the_collected_widget_script_is_the_minified_source(collected, name):
    source = (SOURCES / name).read_text(encoding="utf-8")
    served = (collected / "corrigenda" / name).read_text(encoding="utf-8")
    assert served == minify_js(source)
    assert "/*" not in served.split("\n", 1)[0], "the header comment is left out"
    # whitenoise's gzipped copy, which browsers that accept gzip get, is of the same file.
    gzipped = (collected / "corrigenda" / f"{name}.gz").read_bytes()
    assert gzip.decompress(gzipped).decode("utf-8") == served


@pytest.mark.parametrize("name", ["corrigenda/desk.css", "admin/js/core.js"])
def test_other_static_files_are_copied_as_they_are(collected, name):
    assert (collected / name).read_bytes() == Path(finders.find(name)).read_bytes()


@pytest.mark.parametrize("name", WIDGET_FILES)
def test_no_template_literal_in_the_widget_sources_is_nested_in_another(name):
    source = (SOURCES / name).read_text(encoding="utf-8")
    assert not NESTED_TEMPLATE.findall(source)
