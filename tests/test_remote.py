"""Remote inputs through fsspec: memory://, file://, and S3 on a local moto server.

No test touches the network: ``memory://`` is fsspec's in-process store, and S3 is moto's
S3 API served on 127.0.0.1, which s3fs is pointed at.
"""

from __future__ import annotations

import gzip
import json
import socket
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest

import ftlint
from conftest import chat_example
from ftlint.engine import Options
from ftlint.parallel import check_sources
from ftlint.reader import Source, discover, is_url, open_range
from ftlint.reporters import REPORTERS, ReportOptions
from test_ci_reporters import validate_sarif

fsspec = pytest.importorskip("fsspec")


def _data(n: int = 12, *, broken: tuple[int, ...] = (3,)) -> bytes:
    """``n`` chat examples; the lines in ``broken`` (0-based) are invalid JSON."""
    lines = [
        b'{"messages": [{"role": "user", "content": "cut' if i in broken
        else json.dumps(chat_example(i)).encode()
        for i in range(n)
    ]  # fmt: skip
    return b"\n".join(lines) + b"\n"


@pytest.fixture
def memory() -> Iterator[Callable[[str, bytes], str]]:
    """``put(rel, data)`` writes to a fresh ``memory://`` folder and returns its URL."""
    fs = fsspec.filesystem("memory")
    root = f"memory://t{uuid.uuid4().hex[:8]}"

    def put(rel: str, data: bytes) -> str:
        url = f"{root}/{rel}"
        fs.pipe(url, data)
        return url

    put.root = root  # type: ignore[attr-defined]
    yield put
    if fs.exists(root):
        fs.rm(root, recursive=True)


def _json(result: Any) -> dict[str, Any]:
    return json.loads(result.stdout)


def _without_paths(findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in f.items() if k != "path"} for f in findings]


# -- memory:// ---------------------------------------------------------------------------


def test_a_memory_url_is_checked_and_findings_keep_the_url(run, memory, tmp_path) -> None:
    data = _data()
    url = memory("a.jsonl", data)
    result = run("check", url, "-o", "json")
    assert result.exit_code == 1, result.output
    doc = _json(result)
    assert [f["path"] for f in doc["files"]] == [url]
    assert {f["path"] for f in doc["findings"]} == {url}
    assert [f["code"] for f in doc["findings"]] == ["J001"]
    # The same bytes on disk give the same findings.
    local = tmp_path / "a.jsonl"
    local.write_bytes(data)
    here = _json(run("check", str(local), "-o", "json"))
    assert _without_paths(doc["findings"]) == _without_paths(here["findings"])
    assert doc["summary"] == here["summary"]


def test_the_text_report_names_the_url(run, memory) -> None:
    url = memory("a.jsonl", _data())
    result = run("check", url)
    assert f"{url}:4:" in result.stdout


def test_a_directory_url_is_walked_as_a_local_directory(run, memory) -> None:
    good = _data(broken=())
    memory("d/b.jsonl", good)
    memory("d/a.ndjson", good)
    memory("d/sub/c.jsonl.gz", gzip.compress(_data()))
    memory("d/.hidden/x.jsonl", b"not json\n")
    memory("d/.y.jsonl", b"not json\n")
    memory("d/notes.txt", b"not json\n")
    root = memory.root  # type: ignore[attr-defined]
    doc = _json(run("check", f"{root}/d", "-o", "json"))
    assert [f["path"] for f in doc["files"]] == [
        f"{root}/d/a.ndjson",
        f"{root}/d/b.jsonl",
        f"{root}/d/sub/c.jsonl.gz",
    ]
    # The .gz file is decompressed: its one broken line is found, at its line.
    assert [(f["path"], f["line"], f["code"]) for f in doc["findings"]] == [
        (f"{root}/d/sub/c.jsonl.gz", 4, "J001")
    ]
    # A trailing slash names the same directory.
    again = _json(run("check", f"{root}/d/", "-o", "json"))
    assert [f["path"] for f in again["files"]] == [f["path"] for f in doc["files"]]


def test_a_glob_url_matches_files_in_sorted_order(run, memory) -> None:
    for name in ("s2.jsonl", "s1.jsonl", "s10.jsonl", "other.txt"):
        memory(f"g/{name}", _data(broken=()))
    memory("g/deep/s3.jsonl", _data(broken=()))
    root = memory.root  # type: ignore[attr-defined]
    doc = _json(run("check", f"{root}/g/s*.jsonl", "-o", "json"))
    assert [f["path"] for f in doc["files"]] == [
        f"{root}/g/s1.jsonl",
        f"{root}/g/s10.jsonl",
        f"{root}/g/s2.jsonl",
    ]
    deep = _json(run("check", f"{root}/g/**/*.jsonl", "-o", "json"))
    assert f"{root}/g/deep/s3.jsonl" in [f["path"] for f in deep["files"]]
    none = run("check", f"{root}/g/*.parquet")
    assert none.exit_code == 2
    assert none.stderr == f"ftlint: error: {root}/g/*.parquet: no files match\n"


def test_a_url_named_twice_is_checked_once(run, memory) -> None:
    url = memory("a.jsonl", _data(broken=()))
    root = memory.root  # type: ignore[attr-defined]
    doc = _json(run("check", url, root, f"{root}/*.jsonl", "-o", "json"))
    assert [f["path"] for f in doc["files"]] == [url]


def test_identity_is_in_the_json_report_of_a_url_only(run, memory, tmp_path) -> None:
    url = memory("a.jsonl", _data(broken=()))
    doc = _json(run("check", url, "-o", "json"))
    identity = doc["files"][0]["identity"]
    assert identity["url"].startswith("memory://") and identity["url"].endswith("/a.jsonl")
    local = tmp_path / "a.jsonl"
    local.write_bytes(_data(broken=()))
    assert "identity" not in _json(run("check", str(local), "-o", "json"))["files"][0]


def test_check_paths_reads_urls(memory) -> None:
    url = memory("a.jsonl", _data())
    report = ftlint.check_paths([url])
    assert [f.path for f in report.files] == [url]
    assert [(f.path, f.line, f.code) for f in report.findings()] == [(url, 4, "J001")]
    assert report.files[0].identity is not None


def test_stats_reads_a_url(run, memory) -> None:
    url = memory("a.jsonl", _data(broken=()))
    result = run("stats", url, "-o", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    [file] = doc["files"]
    assert file["path"] == url
    assert file["examples"] == 12
    assert file["identity"]["url"].endswith("/a.jsonl")


def test_a_missing_url_is_one_line_and_exit_2(run, memory) -> None:
    root = memory.root  # type: ignore[attr-defined]
    result = run("check", f"{root}/nope.jsonl")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"ftlint: error: {root}/nope.jsonl: no such file or directory\n"


def test_an_unknown_scheme_is_one_line_and_exit_2(run) -> None:
    result = run("check", "nosuchscheme://bucket/a.jsonl")
    assert result.exit_code == 2
    assert result.stderr == (
        "ftlint: error: nosuchscheme://bucket/a.jsonl: unknown URL scheme nosuchscheme://\n"
    )


@pytest.mark.parametrize(
    ("url", "package", "extra"),
    [
        ("s3://bucket/a.jsonl", "s3fs", "s3"),
        ("gs://bucket/a.jsonl", "gcsfs", "gcs"),
        ("gcs://bucket/a.jsonl", "gcsfs", "gcs"),
        ("hf://datasets/org/name@main/a.jsonl", "huggingface_hub", "hf"),
        ("az://container/a.jsonl", "adlfs", "azure"),
        ("https://example.invalid/a.jsonl", "aiohttp", "http"),
    ],
)
def test_a_missing_back_end_names_its_extra(run, monkeypatch, url, package, extra) -> None:
    # Whatever is installed here, the back end is made unimportable.
    monkeypatch.setitem(sys.modules, package, None)
    monkeypatch.delitem(sys.modules, "fsspec.implementations.http", raising=False)
    registered = sys.modules["fsspec.registry"]._registry
    for protocol in (url.split("://")[0], "http", "https"):
        monkeypatch.delitem(registered, protocol, raising=False)
    result = run("check", url)
    assert result.exit_code == 2
    assert result.stdout == ""
    scheme = url.split("://")[0]
    assert result.stderr == (
        f"ftlint: error: {url}: reading {scheme}:// URLs needs an extra:"
        f" pip install 'ftlint[{extra}]'\n"
    )


def test_sarif_for_a_url_input_is_valid_and_points_at_the_url(run, memory) -> None:
    url = memory("a b.jsonl", _data())
    result = run("check", url, "-o", "sarif")
    doc = json.loads(result.stdout)
    validate_sarif(doc)
    [finding] = doc["runs"][0]["results"]
    location = finding["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": url.replace(" ", "%20")}


@pytest.mark.parametrize("fmt", ["gitlab", "github", "junit", "jsonl", "markdown", "text"])
def test_every_output_format_takes_a_url(run, memory, fmt) -> None:
    url = memory("a.jsonl", _data())
    result = run("check", url, "-o", fmt)
    assert result.exit_code == 1
    assert url in result.stdout


# -- file:// -----------------------------------------------------------------------------


def test_a_file_url_reads_the_local_file(run, tmp_path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_bytes(_data())
    url = path.as_uri()
    doc = _json(run("check", url, "-o", "json"))
    assert [f["path"] for f in doc["files"]] == [url]
    assert [(f["path"], f["line"], f["code"]) for f in doc["findings"]] == [(url, 4, "J001")]
    assert "identity" not in doc["files"][0]  # a local file: its path says it all
    # The file named by path and by URL is one input.
    both = _json(run("check", url, str(path), "-o", "json"))
    assert [f["path"] for f in both["files"]] == [url]


def test_a_file_url_directory_and_glob(run, tmp_path) -> None:
    (tmp_path / "d" / "sub").mkdir(parents=True)
    (tmp_path / "d" / "b.jsonl").write_bytes(_data())
    (tmp_path / "d" / "sub" / "a.jsonl").write_bytes(_data())
    (tmp_path / "d" / "notes.txt").write_bytes(b"x\n")
    base = (tmp_path / "d").as_uri()
    walked = _json(run("check", base, "-o", "json"))
    assert [f["path"] for f in walked["files"]] == [f"{base}/b.jsonl", f"{base}/sub/a.jsonl"]
    globbed = _json(run("check", f"{base}/*.jsonl", "-o", "json"))
    assert [f["path"] for f in globbed["files"]] == [f"{base}/b.jsonl"]


def test_is_url() -> None:
    assert is_url("s3://b/k") and is_url("hf://datasets/o/n@main/a.jsonl")
    assert is_url("file:///tmp/a.jsonl")
    assert not is_url("a.jsonl") and not is_url("C://data/a.jsonl") and not is_url("-")


def test_version_does_not_import_fsspec() -> None:
    code = (
        "import sys, ftlint.cli\n"
        "from click.testing import CliRunner\n"
        "CliRunner().invoke(ftlint.cli.main, ['--version'])\n"
        "print('fsspec' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# -- S3, on a local moto server ----------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# The tests on S3 share one moto server and one big object: one worker runs them all.
on_s3 = pytest.mark.xdist_group("s3")


@pytest.fixture(scope="module")
def s3() -> Iterator[Any]:
    """An s3fs filesystem on a moto S3 server on 127.0.0.1, with the bucket ``data``."""
    pytest.importorskip("s3fs")
    moto_server = pytest.importorskip("moto.server")
    port = _free_port()
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    with pytest.MonkeyPatch.context() as mp:
        # Every S3 filesystem fsspec makes (discovery, reading, worker processes) uses
        # moto; the keys are moto's dummies, so no real credentials are looked for.
        mp.setitem(
            fsspec.config.conf,
            "s3",
            {"client_kwargs": {"endpoint_url": endpoint}, "key": "testing", "secret": "testing"},
        )
        for name in ("AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE"):
            mp.setenv(name, "/nonexistent")
        mp.setenv("AWS_DEFAULT_REGION", "us-east-1")
        fs = fsspec.filesystem("s3")
        fs.mkdir("data")
        try:
            yield fs
        finally:
            fsspec.filesystem("s3").clear_instance_cache()
            server.stop()


@on_s3
def test_s3_objects_are_checked_with_their_etag(run, s3) -> None:
    s3.pipe("s3://data/small/a.jsonl", _data())
    s3.pipe("s3://data/small/b.jsonl", _data(broken=()))
    s3.pipe("s3://data/small/c.txt", b"x\n")
    doc = _json(run("check", "s3://data/small/", "-o", "json"))
    assert [f["path"] for f in doc["files"]] == [
        "s3://data/small/a.jsonl",
        "s3://data/small/b.jsonl",
    ]
    assert [(f["path"], f["line"], f["code"]) for f in doc["findings"]] == [
        ("s3://data/small/a.jsonl", 4, "J001")
    ]
    for file in doc["files"]:
        etag = s3.info(file["path"])["ETag"].strip('"')
        assert file["identity"] == {"url": file["path"], "etag": etag}
    globbed = _json(run("check", "s3://data/small/*.jsonl", "-o", "json"))
    assert globbed["files"] == doc["files"]
    missing = run("check", "s3://data/small/nope.jsonl")
    assert missing.exit_code == 2
    assert (
        missing.stderr == "ftlint: error: s3://data/small/nope.jsonl: no such file or directory\n"
    )


def _big(path: Path, size: int) -> bytes:
    """About ``size`` bytes of chat data with a problem every few thousand lines."""
    lines = []
    total, i = 0, 0
    while total < size:
        if i % 5000 == 17:
            line = b'{"messages": [{"role": "user", "content": "cut'
        elif i % 7000 == 5:
            line = json.dumps(chat_example(i - 1)).encode()  # a duplicate of the line before
        else:
            line = json.dumps(chat_example(i, turns=1 + i % 3)).encode()
        lines.append(line + b"\n")
        total += len(line) + 1
        i += 1
    data = b"".join(lines)
    path.write_bytes(data)
    return data


# Remote reads fetch this much at a time here (ftlint's own is 8 MiB), so that an object
# of a few MB spans many fetches, as a big one does.
_FETCH = 256 << 10


@pytest.fixture(scope="module")
def big(s3, tmp_path_factory) -> Iterator[tuple[str, Path, bytes]]:
    """A 3 MB object (a dozen fetches), and the same bytes on disk."""
    from ftlint import remote

    local = tmp_path_factory.mktemp("big") / "big.jsonl"
    data = _big(local, 3 << 20)
    s3.pipe("s3://data/big/big.jsonl", data)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(remote, "FETCH_BYTES", _FETCH)
        yield "s3://data/big/big.jsonl", local, data


@on_s3
def test_a_big_object_is_read_in_byte_ranges(big) -> None:
    url, _, data = big
    [source], errors = discover([url])
    assert not errors and source.remote and source.size == len(data)
    # Ranges from anywhere, as the workers of --jobs read them: only the range is fetched.
    for start in (0, 1, 3 * _FETCH - 500, len(data) - 1000):
        with open_range(source, start) as fh:
            assert fh.read(1000) == data[start : start + 1000]
    # And a cut at a line start found by seeking, as the planner finds them.
    with open_range(source) as fh:
        fh.seek(len(data) // 2)
        fh.readline()
        cut = fh.tell()
        assert data[cut - 1 : cut] == b"\n"
        assert fh.readline() == data[cut : data.index(b"\n", cut) + 1]


@on_s3
def test_jobs_cut_a_big_object_into_ranges(big) -> None:
    from ftlint.parallel import cut

    url, _, data = big
    [source], _ = discover([url])
    plan = cut(source, len(data), Options(), 1 << 20)
    assert plan is not None and len(plan.bounds) >= 3
    for start, end in plan.bounds:
        assert start == 0 or data[start - 1 : start] == b"\n"  # cut at line starts
        assert end > start
    assert plan.bounds[-1][1] == len(data)


@on_s3
def test_a_big_object_gives_the_findings_of_the_local_file(run, big) -> None:
    url, local, _ = big
    remote_doc = _json(run("check", url, "-o", "json", "--jobs", "1"))
    local_doc = _json(run("check", str(local), "-o", "json", "--jobs", "1"))
    assert remote_doc["findings"], "the data has problems to find"
    assert _without_paths(remote_doc["findings"]) == _without_paths(local_doc["findings"])
    assert remote_doc["summary"] == local_doc["summary"]
    assert remote_doc["files"][0]["stats"] == local_doc["files"][0]["stats"]
    assert remote_doc["files"][0]["identity"]["etag"]


@on_s3
def test_a_big_object_with_jobs_gives_the_serial_result(big) -> None:
    url, _, _ = big
    sources, errors = discover([url])
    assert not errors

    def render(jobs: int) -> str:
        files = list(check_sources(sources, Options(), jobs=jobs, chunk_bytes=1 << 20, min_bytes=0))
        assert all(isinstance(f, ftlint.FileReport) for f in files), files
        report = ftlint.Report(files=tuple(f for f in files if isinstance(f, ftlint.FileReport)))
        return "".join(REPORTERS["json"].render(report, ReportOptions()))

    assert render(2) == render(1)


@on_s3
def test_a_gzipped_object_is_decompressed(run, s3) -> None:
    s3.pipe("s3://data/gz/a.jsonl.gz", gzip.compress(_data()))
    doc = _json(run("check", "s3://data/gz/a.jsonl.gz", "-o", "json"))
    assert [(f["line"], f["code"]) for f in doc["findings"]] == [(4, "J001")]
    assert doc["files"][0]["stats"]["examples"] == 12


def test_source_pickles_for_worker_processes(memory) -> None:
    import pickle

    [source], _ = discover([memory("a.jsonl", _data())])
    assert isinstance(source, Source)
    assert pickle.loads(pickle.dumps(source)) == source


# -- failures of a back end, and the Hub's pinning, with fake back ends -------------------


class _Breaking:
    """A remote file whose connection drops after ``good`` bytes."""

    def __init__(self, data: bytes, good: int) -> None:
        self._data, self._good, self._pos = data, good, 0

    def read(self, n: int = -1) -> bytes:
        if self._pos >= self._good:
            raise RuntimeError("connection reset by peer")
        end = len(self._data) if n < 0 else min(self._pos + n, self._good)
        chunk, self._pos = self._data[self._pos : end], end
        return chunk

    def seek(self, pos: int, whence: int = 0) -> int:
        self._pos = pos
        return pos

    def tell(self) -> int:
        return self._pos

    def close(self) -> None:
        pass


def test_a_connection_lost_mid_file_is_a_read_error_not_a_traceback(
    run, memory, monkeypatch
) -> None:
    from fsspec.implementations.memory import MemoryFileSystem

    data = _data(200, broken=())
    url = memory("a.jsonl", data)
    good = data.index(b"\n", 3000) + 1
    monkeypatch.setattr(
        MemoryFileSystem, "_open", lambda self, path, *a, **k: _Breaking(data, good)
    )
    result = run("check", url, "-o", "json")
    assert result.exit_code == 1
    doc = _json(result)
    lines = data[:good].count(b"\n")
    assert doc["files"][0]["stats"]["lines"] == lines  # every line before the failure
    [finding] = doc["findings"]
    assert (finding["code"], finding["path"]) == ("J009", url)
    assert finding["message"] == f"could not read past line {lines}: connection reset by peer"


_COMMIT = "0123456789abcdef0123456789abcdef01234567"


@pytest.fixture
def hub(monkeypatch) -> Any:
    """A stand-in for the Hub's ``hf://`` filesystem: memory files under ``REPO@COMMIT``.

    Paths and listings look as huggingface_hub's HfFileSystem gives them; the revision is
    resolved by ``remote._hub_commit``, replaced here as it would ask the Hub's API.
    """
    from types import SimpleNamespace

    from fsspec.implementations.memory import MemoryFileSystem

    from ftlint import remote

    class FakeHub(MemoryFileSystem):  # type: ignore[misc]
        protocol = "hf"
        root_marker = ""
        store: ClassVar[dict[str, Any]] = {}
        pseudo_dirs: ClassVar[list[str]] = [""]

        @classmethod
        def _strip_protocol(cls, path: str) -> str:
            return path.removeprefix("hf://").rstrip("/")

        def resolve_path(self, path: str) -> Any:
            kind, org, rest = self._strip_protocol(path).split("/", 2)
            repo, _, in_repo = rest.partition("/")
            name, _, revision = repo.partition("@")
            return SimpleNamespace(
                repo_type=kind[:-1], repo_id=f"{org}/{name}", revision=revision or "main",
                path_in_repo=in_repo,
            )  # fmt: skip

        # The Hub lists and describes a file with its git blob and LFS hashes.
        def find(self, path: str, *args: Any, detail: bool = False, **kwargs: Any) -> Any:
            found = super().find(path, *args, detail=detail, **kwargs)
            return {k: self._hashes(v) for k, v in found.items()} if detail else found

        def info(self, path: str, **kwargs: Any) -> Any:
            return self._hashes(super().info(path, **kwargs))

        @staticmethod
        def _hashes(info: dict[str, Any]) -> dict[str, Any]:
            if info["type"] != "file":
                return info
            return {**info, "blob_id": "b1" * 20, "lfs": {"sha256": "5" * 64}}

    asked: list[tuple[str, str, str]] = []

    def commit(fs: Any, resolved: Any) -> str:
        asked.append((resolved.repo_type, resolved.repo_id, resolved.revision))
        return _COMMIT

    monkeypatch.setitem(sys.modules["fsspec.registry"]._registry, "hf", FakeHub)
    monkeypatch.setattr(remote, "_hub_commit", commit)
    fs = FakeHub()
    fs.pipe(f"hf://datasets/org/name@{_COMMIT}/data/train.jsonl", _data())
    fs.pipe(f"hf://datasets/org/name@{_COMMIT}/data/valid.jsonl", _data(broken=()))
    fs.pipe(f"hf://datasets/org/name@{_COMMIT}/README.md", b"# card\n")
    yield SimpleNamespace(fs=fs, asked=asked)
    FakeHub.store.clear()


def test_a_hub_url_is_pinned_to_its_commit(run, hub) -> None:
    doc = _json(run("check", "hf://datasets/org/name@main/data", "-o", "json"))
    assert hub.asked == [("dataset", "org/name", "main")]
    # The files keep the URL as written, revision and all ...
    assert [f["path"] for f in doc["files"]] == [
        "hf://datasets/org/name@main/data/train.jsonl",
        "hf://datasets/org/name@main/data/valid.jsonl",
    ]
    assert [(f["path"], f["line"], f["code"]) for f in doc["findings"]] == [
        ("hf://datasets/org/name@main/data/train.jsonl", 4, "J001")
    ]
    # ... and their identity names the commit that was read.
    assert doc["files"][0]["identity"] == {
        "url": f"hf://datasets/org/name@{_COMMIT}/data/train.jsonl",
        "blob_id": "b1" * 20,
        "sha256": "5" * 64,
        "commit": _COMMIT,
    }


def test_a_hub_glob_and_file_without_a_revision(run, hub) -> None:
    doc = _json(run("check", "hf://datasets/org/name/data/*.jsonl", "-o", "json"))
    assert hub.asked == [("dataset", "org/name", "main")]
    assert [f["path"] for f in doc["files"]] == [
        "hf://datasets/org/name/data/train.jsonl",
        "hf://datasets/org/name/data/valid.jsonl",
    ]
    one = _json(run("check", "hf://datasets/org/name@main/README.md", "-o", "json"))
    assert one["files"][0]["identity"]["url"] == f"hf://datasets/org/name@{_COMMIT}/README.md"
