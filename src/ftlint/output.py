"""Safe output files for the commands that write data (``split``; later ``fix``, ``convert``).

The promises, in order of importance:

- **The input is never touched.** An output that names an input file (the same path,
  another spelling of it, a symbolic link to it, or a hard link: compared by resolved
  path and by device and inode) is refused, even with ``force``.
- **No existing file is replaced by accident.** An output that exists is refused unless
  ``force`` is given.
- **No half-written file.** Data goes to a temporary file in the output's directory
  (so the final rename stays on one file system), which is flushed, fsynced, given the
  permissions a new file would get (or those of the file it replaces), and renamed over
  the output with :func:`os.replace`, an atomic step on POSIX. Any failure, ``Ctrl-C``
  included, removes the temporary file and leaves the output as it was.
- **The same data gives the same bytes.** A ``.gz`` output is compressed with a fixed
  timestamp and no file name in its header.

A refused output raises :class:`OutputError`, whose message is one line; the CLI prints
it and exits 2.
"""

from __future__ import annotations

import contextlib
import gzip
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, BinaryIO


class OutputError(Exception):
    """An output that may not or cannot be written, with a one-line reason."""


def _same_file(a: str, b: str) -> bool:
    """Whether two paths name one file: resolved paths, then device and inode."""
    if os.path.realpath(a) == os.path.realpath(b):
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist
        return False


def check_output(path: str, *, inputs: Iterable[str] = (), force: bool = False) -> None:
    """Refuse an output that is an input, exists (without ``force``) or cannot be made.

    Raises:
        OutputError: with the reason, naming the path as the user gave it.
    """
    if not path or path == "-":
        raise OutputError(f"{path!r}: an output must be a file name")
    for given in inputs:
        if _same_file(path, given):
            raise OutputError(f"{path}: is an input ({given}); write to another file")
    target = os.path.realpath(path)
    if os.path.isdir(target):
        raise OutputError(f"{path}: is a directory")
    if os.path.lexists(path):
        if not force:
            raise OutputError(f"{path}: exists; pass --force to replace it")
        if os.path.exists(target) and not stat.S_ISREG(os.stat(target).st_mode):
            raise OutputError(f"{path}: not a regular file")
    parent = os.path.dirname(target) or "."
    if not os.path.isdir(parent):
        raise OutputError(f"{path}: no such directory: {os.path.dirname(path) or '.'}")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OutputError(f"{path}: cannot write in {os.path.dirname(path) or '.'}")


def check_outputs(paths: Sequence[str], *, inputs: Iterable[str] = (), force: bool = False) -> None:
    """:func:`check_output` for each path, and refuse two outputs that are one file."""
    inputs = list(inputs)
    for i, path in enumerate(paths):
        check_output(path, inputs=inputs, force=force)
        for other in paths[:i]:
            if _same_file(path, other):
                raise OutputError(f"{path}: given twice as an output ({other})")


def _new_file_mode() -> int:
    """The permissions ``open(path, "w")`` would give a new file under the umask."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


class AtomicOutput:
    """A temporary file beside ``path`` that becomes ``path`` on :meth:`commit`.

    Write bytes to :attr:`stream` (gzip-compressed when ``path`` ends in ``.gz``). Call
    :meth:`commit` to move it into place, or :meth:`discard` to remove it; discarding
    after a commit does nothing, so ``try: … commit() finally: discard()`` is safe.
    Checks the output with :func:`check_output` first.
    """

    def __init__(self, path: str, *, inputs: Iterable[str] = (), force: bool = False) -> None:
        check_output(path, inputs=inputs, force=force)
        self.path = path
        # A symbolic link is followed: the file it points to gets the data, not the link.
        self.target = os.path.realpath(path)
        directory, name = os.path.split(self.target)
        try:
            self._raw: IO[bytes] | None = tempfile.NamedTemporaryFile(  # noqa: SIM115
                dir=directory, prefix=f".{name}.", suffix=".tmp", delete=False
            )
        except OSError as exc:
            raise OutputError(f"{path}: {exc.strerror or exc}") from None
        self.temp = self._raw.name
        self._gzip: gzip.GzipFile | None = None
        self.stream: BinaryIO = self._raw  # type: ignore[assignment]
        if self.target.endswith(".gz"):
            # mtime=0 and no name: the same data gives the same bytes.
            self._gzip = gzip.GzipFile(filename="", mode="wb", fileobj=self._raw, mtime=0)
            self.stream = self._gzip  # type: ignore[assignment]

    def commit(self) -> None:
        """Flush, fsync and rename the temporary file over the output."""
        raw = self._raw
        if raw is None:
            raise OutputError(f"{self.path}: already committed or discarded")
        if self._gzip is not None:
            self._gzip.close()
        raw.flush()
        try:
            existing = os.stat(self.target).st_mode & 0o7777
        except OSError:
            existing = _new_file_mode()
        os.fchmod(raw.fileno(), existing)
        os.fsync(raw.fileno())
        raw.close()
        os.replace(self.temp, self.target)
        self._raw = None
        _sync_directory(os.path.dirname(self.target))

    def discard(self) -> None:
        """Close and remove the temporary file, if it was not committed."""
        raw, self._raw = self._raw, None
        if raw is None:
            return
        with contextlib.suppress(OSError):
            raw.close()
        with contextlib.suppress(OSError):
            os.unlink(self.temp)


def _sync_directory(directory: str) -> None:
    """Make the rename durable; some file systems cannot open a directory: skip them."""
    try:
        fd = os.open(directory or ".", os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextlib.contextmanager
def open_atomic(
    path: str, *, inputs: Iterable[str] = (), force: bool = False
) -> Iterator[BinaryIO]:
    """Write ``path`` atomically: a binary stream, moved into place if the block succeeds.

    On any exception (``KeyboardInterrupt`` included) the temporary file is removed, the
    output is left as it was, and the exception propagates.
    """
    out = AtomicOutput(path, inputs=inputs, force=force)
    try:
        yield out.stream
        out.commit()
    finally:
        out.discard()
