"""Inputs named by URL (``s3://``, ``gs://``, ``hf://``, ``https://``, ``memory://``, …).

fsspec finds and opens them; each storage back end is an extra (``ftlint[s3]`` and so
on). :mod:`ftlint.reader` imports this module only when a URL is named, so a run on local
files never imports fsspec.

Each file found carries its identity, what a later reader needs to tell which bytes were
checked: the URL read and, as the store gives them, its ETag, version id or generation.
A Hugging Face URL is pinned first: its revision (a branch, a tag) is resolved to a
commit, and the files are listed and read at that commit.
"""

from __future__ import annotations

import contextlib
import gzip
import io
from collections.abc import Iterator
from typing import Any, BinaryIO, NamedTuple

from fsspec.core import url_to_fs

# The bytes fetched per request when reading a remote file: the memory held per open
# file, and few enough requests per file (s3fs would fetch 50 MB at a time).
FETCH_BYTES = 8 << 20
READ_BUFFER = 1 << 20

# The extra that installs each protocol's back end.
EXTRAS = {
    "s3": "s3",
    "s3a": "s3",
    "gs": "gcs",
    "gcs": "gcs",
    "hf": "hf",
    "az": "azure",
    "abfs": "azure",
    "abfss": "azure",
    "adl": "azure",
    "http": "http",
    "https": "http",
}
_MAGIC = ("*", "?", "[")
# Keys of fsspec's ``info`` that tell one version of an object from another, by store.
_IDENTITY_KEYS = (
    ("etag", ("ETag", "etag")),
    ("version_id", ("VersionId", "version_id")),
    ("generation", ("generation",)),
    ("blob_id", ("blob_id",)),
)


class RemoteError(Exception):
    """A URL that cannot be used: its back end is missing, or listing it failed."""


class Found(NamedTuple):
    """One file found under a URL.

    Attributes:
        name: the URL as shown in findings, in the form the user wrote it.
        target: what to open: the URL (pinned to a commit on the Hub), or for a
            ``file://`` URL the local path.
        size: the file's size in bytes, if the store lists it.
        identity: the URL read and the version markers the store gave for it; ``None``
            for a ``file://`` URL, which is a local file.
    """

    name: str
    target: str
    size: int | None
    identity: dict[str, str] | None


def expand(url: str, suffixes: tuple[str, ...]) -> list[Found]:
    """The files a URL names: one file, the data files below a directory, or a glob's matches.

    A directory is walked for names ending in ``suffixes``, skipping hidden names, in
    sorted order; a file named or matched is read whatever its name.

    Raises:
        RemoteError: the back end is not installed, or the URL cannot be listed.
    """
    fs, path = _filesystem(url)
    protocol = _protocol(fs)
    try:
        commit = None
        if protocol == "hf":
            path, commit = _pin_hub(fs, path)
        # A query string (a signed https URL) is not a glob.
        if protocol not in ("http", "https") and any(c in path for c in _MAGIC):
            found = _glob(fs, url, path)
        else:
            found = _file_or_tree(fs, url, path, suffixes)
    except RemoteError:
        raise
    except Exception as exc:  # any back end's failure: one line, not a traceback
        raise RemoteError(f"{url}: {_reason(exc)}") from None
    if protocol == "file":  # a local file: read as one, with no identity to record
        return [Found(name, path, _size(info), None) for name, path, info in found]
    return [
        Found(name, fs.unstrip_protocol(path), _size(info), _identity(fs, path, info, commit))
        for name, path, info in found
    ]


def _filesystem(url: str) -> tuple[Any, str]:
    scheme = url.split("://", 1)[0].lower()
    try:
        fs, path = url_to_fs(url)
    except ImportError as exc:
        extra = EXTRAS.get(scheme)
        if extra is not None:
            raise RemoteError(
                f"{url}: reading {scheme}:// URLs needs an extra: pip install 'ftlint[{extra}]'"
            ) from None
        raise RemoteError(f"{url}: {_reason(exc)}") from None
    except ValueError as exc:
        if str(exc).startswith("Protocol not known"):
            raise RemoteError(f"{url}: unknown URL scheme {scheme}://") from None
        raise RemoteError(f"{url}: {_reason(exc)}") from None
    except Exception as exc:
        raise RemoteError(f"{url}: {_reason(exc)}") from None
    return fs, str(path)


def _protocol(fs: Any) -> str:
    protocol = fs.protocol
    return str(protocol if isinstance(protocol, str) else protocol[0])


def _reason(exc: BaseException) -> str:
    if isinstance(exc, FileNotFoundError):
        return "no such file or directory"
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, IsADirectoryError):
        return "is a directory"
    text = str(exc).strip().splitlines()
    return text[0] if text and text[0] else type(exc).__name__


def _file_or_tree(
    fs: Any, url: str, path: str, suffixes: tuple[str, ...]
) -> list[tuple[str, str, dict[str, Any]]]:
    info = fs.info(path)
    if info.get("type") != "directory":
        return [(url, path, info)]
    root = path.rstrip("/")
    found = []
    for name, item in fs.find(root, detail=True).items():
        rel = name[len(root) :].lstrip("/") if name.startswith(root) else name
        parts = rel.split("/")
        if any(p.startswith(".") for p in parts) or not parts[-1].endswith(suffixes):
            continue
        if item.get("type", "file") == "file":
            found.append((_shown(fs, url, path, name), name, item))
    if not found:
        raise RemoteError(f"{url}: no {', '.join(suffixes)} files found")
    return sorted(found, key=lambda f: f[1].split("/"))


def _glob(fs: Any, url: str, path: str) -> list[tuple[str, str, dict[str, Any]]]:
    matches = fs.glob(path, detail=True)
    found = [
        (_shown(fs, url, path, name), name, info)
        for name, info in matches.items()
        if info.get("type", "file") == "file"
    ]
    if not found:
        raise RemoteError(f"{url}: no files match")
    return sorted(found, key=lambda f: f[1].split("/"))


def _shown(fs: Any, url: str, path: str, found: str) -> str:
    """The URL of ``found`` written as the user wrote ``url`` (which stands for ``path``).

    The directory part before the first glob character (all of a directory's URL) is kept
    as typed: ``memory://data/*.jsonl`` shows ``memory://data/a.jsonl``, not fsspec's
    ``memory:///data/a.jsonl``, and a Hub URL keeps its revision as written.
    """
    cut, url_cut = _stem(path), _stem(url)
    if (
        cut is not None
        and url_cut is not None
        and url_cut > url.find("://") + 2
        and found.startswith(path[:cut] + "/")
    ):
        return url[:url_cut] + "/" + found[cut + 1 :]
    return str(fs.unstrip_protocol(found))


def _stem(text: str) -> int | None:
    """Where the part of ``text`` before its first glob character ends, at a ``/``."""
    magic = [text.find(c) for c in _MAGIC if c in text]
    if not magic:
        return len(text.rstrip("/"))
    slash = text.rfind("/", 0, min(magic))
    return slash if slash >= 0 else None


def _size(info: dict[str, Any]) -> int | None:
    size = info.get("size")
    return size if isinstance(size, int) else None


def _identity(fs: Any, path: str, info: dict[str, Any], commit: str | None) -> dict[str, str]:
    identity = {"url": str(fs.unstrip_protocol(path))}
    for key, names in _IDENTITY_KEYS:
        for name in names:
            value = info.get(name)
            if value not in (None, "", "null"):
                identity[key] = str(value).strip('"')
                break
    lfs = info.get("lfs")
    sha256 = getattr(lfs, "sha256", None) or (lfs.get("sha256") if isinstance(lfs, dict) else None)
    if sha256:
        identity["sha256"] = str(sha256)
    if commit is not None:
        identity["commit"] = commit
    return identity


def _pin_hub(fs: Any, path: str) -> tuple[str, str]:
    """The Hub path with its revision replaced by the commit it resolves to, and the commit."""
    resolved = fs.resolve_path(path)
    repo_id = getattr(resolved, "repo_id", None)
    if repo_id is None:  # a bucket: no commits to pin
        raise RemoteError(f"hf://{path}: only Hub repositories can be read, not buckets")
    commit = _hub_commit(fs, resolved)
    prefix = path[: path.find(repo_id)]  # "datasets/", "spaces/" or ""
    pinned = f"{prefix}{repo_id}@{commit}"
    rest = resolved.path_in_repo
    return (f"{pinned}/{rest}" if rest else pinned), commit


def _hub_commit(fs: Any, resolved: Any) -> str:
    """The commit that a Hub revision (a branch, a tag or a commit) names now."""
    from huggingface_hub import HfApi

    api = HfApi(endpoint=getattr(fs, "endpoint", None), token=getattr(fs, "token", None))
    info = api.repo_info(resolved.repo_id, revision=resolved.revision, repo_type=resolved.repo_type)
    return str(info.sha)


@contextlib.contextmanager
def open_url(url: str, start: int = 0, *, compressed: bool = False) -> Iterator[BinaryIO]:
    """Open a URL for buffered binary reading from byte ``start``; ``.gz`` is decompressed.

    Only ``FETCH_BYTES`` are fetched at a time, so memory stays bounded whatever the
    file's size; seeking fetches from the new position on. Whatever a back end raises
    while opening or reading comes out as an ``OSError``, which the checks report as a
    read error, as they do for a local file.
    """
    try:
        fs, path = url_to_fs(url)
        file = fs.open(path, "rb", block_size=FETCH_BYTES)
    except OSError:
        raise
    except Exception as exc:
        raise OSError(_reason(exc)) from exc
    # fsspec's own readline reads a few bytes at a time: buffer it in C.
    with _Stream(_Raw(file), READ_BUFFER) as stream:
        if start:
            stream.seek(start)
        if compressed:
            with gzip.GzipFile(fileobj=stream, mode="rb") as gz:
                yield gz  # type: ignore[misc]
            return
        yield stream


class _Stream(io.BufferedReader):
    """A remote file, buffered.

    ``line_by_line`` tells :func:`ftlint.reader.read_blocks` that a read may fail midway
    (the network): lines are then handed out as read, so those before a failure are
    still checked and the failure is placed at its line.
    """

    line_by_line = True


class _Raw(io.RawIOBase):
    """A back end's open file as raw I/O, whose failures are all ``OSError``."""

    def __init__(self, file: Any) -> None:
        super().__init__()
        self._file = file

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._call(self._file.read, len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        return int(self._call(self._file.seek, offset, whence))

    def tell(self) -> int:
        return int(self._file.tell())

    def close(self) -> None:
        try:
            self._file.close()
        finally:
            super().close()

    @staticmethod
    def _call(method: Any, *args: Any) -> Any:
        try:
            return method(*args)
        except OSError:
            raise
        except Exception as exc:  # aiohttp, botocore, …: a failed read, as a local one fails
            raise OSError(_reason(exc)) from exc
