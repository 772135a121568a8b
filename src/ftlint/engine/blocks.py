"""A file's blocks of lines, as the hot loop takes them: read ahead for a look at the
file's start, and guarded, so that a read error ends the blocks with a finding."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from ..reader import LongLine


class Held:
    """The first blocks of a file, read ahead until they hold ``lines`` lines or ``size``
    bytes (by ``measure``), or the file ends. A read error on the way is raised after the
    blocks read before it (`blocks`), as without reading ahead."""

    def __init__(
        self,
        blocks: Iterable[list[bytes]],
        lines: int,
        size: int,
        measure: Callable[[list[bytes]], int],
    ) -> None:
        self.iterator = iter(blocks)
        self.held: list[list[bytes]] = []
        self.error: BaseException | None = None
        count = total = 0
        try:
            while count < lines and total < size:
                block = next(self.iterator, None)
                if block is None:
                    break
                self.held.append(block)
                count += len(block)
                total += measure(block)
        except (OSError, EOFError) as exc:
            self.error = exc

    def lines(self) -> Iterator[bytes]:
        return (line for block in self.held for line in block)

    def blocks(self) -> Iterator[list[bytes]]:
        yield from self.held
        if self.error is not None:
            raise self.error
        yield from self.iterator


def size(block: list[bytes]) -> int:
    return sum(map(len, block))


def heads(block: list[bytes]) -> int:
    """The bytes of a block, an over-long line's head counted for it (it has none)."""
    return sum(len(r.head) if type(r) is LongLine else len(r) for r in block)


def guard(
    blocks: Iterable[list[bytes]], on_error: Callable[[BaseException, int], None]
) -> Iterator[list[bytes]]:
    """The blocks until reading fails; then ``on_error`` reports it and the blocks stop.

    Only reading is guarded: an OSError from writing findings (a closed pipe, a full disk)
    is not a read error, and must reach the caller.
    """
    iterator = iter(blocks)
    lines = 0
    while True:
        try:
            block = next(iterator)
        except StopIteration:
            return
        except (OSError, EOFError) as exc:
            on_error(exc, lines)
            return
        lines += len(block)
        yield block
