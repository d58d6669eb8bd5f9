"""How many bytes the reader widget costs a news page, next to Isso's embed script.

Run:  .venv/bin/python bench/widget_size.py

Prints the gzipped size (gzip level 9, as the server sends it) and the raw size of
corrigenda.js, which every article page view loads, and separately of
corrigenda-dialog.js, which loads only when a reader first opens the dialog. For
comparison it fetches Isso (a self-hosted reader-input widget with a server) from PyPI
with `pip download --no-deps isso` into a temporary folder, measures its embed script
the same way and prints the ratio ours / Isso. Nothing from Isso is kept.

Exits with status 1 when the page-view bytes reach the 6 KB budget (6144 bytes).
"""

import gzip
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

STATIC = Path(__file__).resolve().parent.parent / "src" / "corrigenda" / "static" / "corrigenda"
PAGE_VIEW_BUDGET = 6144
PIP_DOWNLOAD = ["pip", "download", "--no-deps", "--quiet"]
# Isso's built embed script, minified first; the unminified build if that is all there is.
ISSO_EMBED_PATHS = ("isso/js/embed.min.js", "isso/js/embed.dev.js")


def gzipped_size(data: bytes) -> int:
    # mtime=0 keeps the figure the same from run to run.
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def isso_embed_script(folder: Path) -> tuple[str, str, bytes]:
    """Download Isso's package; return (distribution file, path in it, script bytes)."""
    subprocess.run(
        [sys.executable, "-m", *PIP_DOWNLOAD, "--dest", str(folder), "isso"],
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    for archive in sorted(folder.iterdir()):
        for wanted in ISSO_EMBED_PATHS:
            found = _read_member(archive, wanted)
            if found:
                return archive.name, *found
    raise LookupError(f"none of {ISSO_EMBED_PATHS} in {sorted(p.name for p in folder.iterdir())}")


def _read_member(archive: Path, wanted: str) -> tuple[str, bytes] | None:
    """The first file in a wheel or sdist whose path ends with `wanted`."""
    if archive.suffix in (".whl", ".zip"):
        with zipfile.ZipFile(archive) as package:
            for name in package.namelist():
                if name.endswith(wanted):
                    return name, package.read(name)
    elif archive.name.endswith((".tar.gz", ".tgz")):
        with tarfile.open(archive) as package:
            for member in package.getmembers():
                if member.isfile() and member.name.endswith(wanted):
                    return member.name, package.extractfile(member).read()
    return None


def _why(error: Exception) -> str:
    # pip's own explanation is the last line it printed.
    lines = (getattr(error, "stderr", None) or str(error)).strip().splitlines()
    return lines[-1] if lines else type(error).__name__


def row(when: str, what: str, gzipped: int, raw: int) -> str:
    return f"  {when:<16}  {what:<22} {gzipped:6d} B gzipped  {raw:6d} B raw"


def main() -> int:
    page_view = (STATIC / "corrigenda.js").read_bytes()
    dialog = (STATIC / "corrigenda-dialog.js").read_bytes()
    ours, ours_dialog = gzipped_size(page_view), gzipped_size(dialog)
    ours_both, raw_both = ours + ours_dialog, len(page_view) + len(dialog)

    print("Corrigenda reader widget (gzip -9)")
    print(row("every page view", "corrigenda.js", ours, len(page_view)))
    print(row("first use only", "corrigenda-dialog.js", ours_dialog, len(dialog)))
    print(row("both", "", ours_both, raw_both))

    with tempfile.TemporaryDirectory() as folder:
        try:
            distribution, member, isso = isso_embed_script(Path(folder))
        except (
            subprocess.SubprocessError,
            OSError,
            LookupError,
            tarfile.TarError,
            zipfile.BadZipFile,
        ) as error:
            print(f"Isso: could not download or read its embed script: {_why(error)}")
            print("Isso: no comparison this time; our figures are above.")
        else:
            isso_size = gzipped_size(isso)
            print(f"Isso embed script ({distribution}: {member}, gzip -9)")
            print(row("every page view", Path(member).name, isso_size, len(isso)))
            print(f"Ratio ours / Isso, page view:           {ours / isso_size:.3f}")
            print(f"Ratio ours / Isso, page view + dialog:  {ours_both / isso_size:.3f}")

    if ours >= PAGE_VIEW_BUDGET:
        print(f"Over budget: corrigenda.js is {ours} B gzipped; it must stay under 6 KB.")
        return 1
    print(f"Within budget: corrigenda.js is {ours} B gzipped, under 6 KB ({PAGE_VIEW_BUDGET} B).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
