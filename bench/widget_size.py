"""How many bytes the reader widget costs a news page, next to its peers' scripts.

Run:  .venv/bin/python bench/widget_size.py

Ours: starts the real server (`corrigenda serve --no-worker` on a temporary data dir; serve
runs collectstatic, which minifies the widget's scripts with rjsmin and has whitenoise
write their gzipped copies) and downloads each widget file as a browser does, with
`Accept-Encoding: gzip`, counting the body bytes on the wire; once more without it for the
minified size. corrigenda.js is what every article page view loads; corrigenda-notes.js is
added on pages whose tag has data-corrections; corrigenda-dialog.js loads on first use
(Ctrl+Enter, a selection on a touch screen) or when a report waits in the offline queue.

Peers, each fetched from its package registry into a temporary folder, measured gzip -9
and deleted (nothing is kept): Isso's embed script (PyPI, `pip download isso`), and, on npm,
Orphus and Hexlet's typo reporter; a peer that is not on its registry is reported as such,
with no number. Ratios ours / peer, for the page view.

Exits with status 1 when corrigenda.js as served is over the 2 KB budget (2048 bytes).
"""

import gzip
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from server import (  # noqa: E402
    HOST,
    free_port,
    server_environment,
    start_server,
    stop,
    wait_until_answering,
)

PAGE_VIEW_BUDGET = 2048
WIDGET_FILES = (
    ("every page view", "corrigenda.js"),
    ("+ data-corrections", "corrigenda-notes.js"),
    ("first use only", "corrigenda-dialog.js"),
)
PIP_DOWNLOAD = ["pip", "download", "--no-deps", "--quiet"]
# Isso's built embed script, minified first; the unminified build if that is all there is.
ISSO_EMBED_PATHS = ("isso/js/embed.min.js", "isso/js/embed.dev.js")
# (name, npm package): the typo reporters a news site would otherwise embed.
NPM_PEERS = (("Orphus", "orphus"), ("Hexlet typo reporter", "@hexlet/typo-reporter"))


@dataclass
class Served:
    on_the_wire: int  # body bytes with Accept-Encoding: gzip
    encoding: str  # the Content-Encoding the server answered with
    minified: int  # body bytes without it


@dataclass
class Peer:
    name: str
    source: str
    gzipped: int | None = None
    raw: int | None = None
    missing: str = ""  # why there is no number


def gzipped_size(data: bytes) -> int:
    # mtime=0 keeps the figure the same from run to run, as whitenoise writes its copies.
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def download(port: int, path: str, accept_gzip: bool) -> tuple[bytes, str]:
    headers = {"Accept-Encoding": "gzip"} if accept_gzip else {"Accept-Encoding": "identity"}
    request = urllib.request.Request(f"http://{HOST}:{port}{path}", headers=headers)
    with urllib.request.urlopen(request, timeout=30) as answer:
        # urllib does not decode: these are the bytes the server sent.
        return answer.read(), answer.headers.get("Content-Encoding", "identity")


def served_widget() -> dict[str, Served]:
    with tempfile.TemporaryDirectory(prefix="corrigenda-bench-") as folder:
        data_dir = Path(folder)
        env = server_environment(data_dir, None)
        port = free_port()
        log_path = data_dir / "server.log"
        with open(log_path, "wb") as log:
            server = start_server(env, port, log)
            try:
                wait_until_answering(server, port)
                served = {}
                for _, name in WIDGET_FILES:
                    path = f"/static/corrigenda/{name}"
                    body, encoding = download(port, path, accept_gzip=True)
                    minified, _ = download(port, path, accept_gzip=False)
                    served[name] = Served(len(body), encoding, len(minified))
                return served
            except BaseException:
                sys.stdout.write(log_path.read_text(errors="replace")[-4000:])
                raise
            finally:
                stop(server)


def isso_peer(folder: Path) -> Peer:
    peer = Peer("Isso embed script", "PyPI: isso")
    try:
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
                    member, script = found
                    peer.source = f"PyPI: {archive.name}: {member}"
                    peer.gzipped, peer.raw = gzipped_size(script), len(script)
                    return peer
        peer.missing = f"none of {ISSO_EMBED_PATHS} in the downloaded package"
    except (subprocess.SubprocessError, OSError, tarfile.TarError, zipfile.BadZipFile) as error:
        peer.missing = f"could not download or read it: {_why(error)}"
    return peer


def npm_peer(name: str, package: str, folder: Path) -> Peer:
    """The package's browser script (its `browser`, `unpkg`, `jsdelivr` or `main` file),
    from `npm pack` of the registry's latest version."""
    peer = Peer(name, f"npm: {package}")
    npm = shutil.which("npm")
    if not npm:
        peer.missing = "npm is not installed here; not measured"
        return peer
    view = subprocess.run(
        [npm, "view", "--json", package], capture_output=True, text=True, timeout=120
    )
    if view.returncode != 0:
        if "E404" in view.stdout + view.stderr:
            peer.missing = f"not on the npm registry ({package} answers 404); no number"
        else:
            peer.missing = f"npm view failed: {view.stderr.strip()[-300:]}"
        return peer
    manifest = json.loads(view.stdout)
    packed = subprocess.run(
        [npm, "pack", "--silent", "--pack-destination", str(folder), package],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if packed.returncode != 0:
        peer.missing = f"npm pack failed: {packed.stderr.strip()[-300:]}"
        return peer
    entry = next(
        (
            manifest[key]
            for key in ("browser", "unpkg", "jsdelivr", "main")
            if isinstance(manifest.get(key), str)
        ),
        "index.js",
    )
    tarball = folder / packed.stdout.strip().splitlines()[-1]
    found = _read_member(tarball, entry.removeprefix("./"))
    if not found:
        peer.missing = f"{entry} is not in {tarball.name}"
        return peer
    member, script = found
    peer.source = f"npm: {tarball.name}: {member}"
    peer.gzipped, peer.raw = gzipped_size(script), len(script)
    return peer


def _read_member(archive: Path, wanted: str) -> tuple[str, bytes] | None:
    """The first file in a wheel, sdist or npm tarball whose path ends with `wanted`."""
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


def _subfolder(folder: str, name: str) -> Path:
    path = Path(folder) / name
    path.mkdir()
    return path


def _why(error: Exception) -> str:
    # The tool's own explanation is the last line it printed.
    lines = (getattr(error, "stderr", None) or str(error)).strip().splitlines()
    return lines[-1] if lines else type(error).__name__


def main() -> int:
    served = served_widget()
    print("Corrigenda reader widget, as `corrigenda serve` sends it (minified by rjsmin,")
    print("gzipped by whitenoise; bytes on the wire with Accept-Encoding: gzip)")
    for when, name in WIDGET_FILES:
        file = served[name]
        print(
            f"  {when:<19} {name:<22} {file.on_the_wire:6d} B {file.encoding:<8}"
            f" {file.minified:6d} B minified"
        )
    ours = served["corrigenda.js"].on_the_wire
    if served["corrigenda.js"].encoding != "gzip":
        print("The server did not send corrigenda.js gzipped: is whitenoise's copy missing?")

    with tempfile.TemporaryDirectory(prefix="corrigenda-bench-peers-") as folder:
        peers = [isso_peer(_subfolder(folder, "isso"))]
        for name, package in NPM_PEERS:
            peers.append(npm_peer(name, package, _subfolder(folder, package.replace("/", "+"))))

    print("Peers (gzip -9 of the script a page embeds)")
    for peer in peers:
        if peer.gzipped is None:
            print(f"  {peer.name:<22} {peer.source}: {peer.missing}")
        else:
            sizes = f"{peer.gzipped:6d} B gzipped {peer.raw:6d} B raw"
            print(f"  {peer.name:<22} {sizes}  ({peer.source})")
    for peer in peers:
        if peer.gzipped:
            print(f"Ratio ours / {peer.name}, page view: {ours / peer.gzipped:.3f}")

    if ours > PAGE_VIEW_BUDGET:
        print(f"Over budget: corrigenda.js is {ours} B as served; at most {PAGE_VIEW_BUDGET} B.")
        return 1
    print(f"Within budget: corrigenda.js is {ours} B as served, at most {PAGE_VIEW_BUDGET} B.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
