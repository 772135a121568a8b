"""The file-level state of one file (or byte range): the states of the file-level rules.

Each file-level rule keeps its state and its end check in the module that defines it,
registered with :func:`ftlint.rules.file_rules.file_rule`. :class:`Dataset` holds one
instance of each state, merges them across byte ranges and runs the end checks. The
engine reports duplicates (F006) itself, from a 64-bit digest per line.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .completion import Completions
from .context import Emit, FileEnd
from .file import Outputs
from .file_rules import FILE_RULES, FileState, ordered_file_rules
from .vision import ImageExamples


class Dataset:
    """The states of the file-level rules, with the hooks the conversation walk calls.

    The walk calls ``output(value, line)`` (F007), ``completion(prompt, completion, line)``
    (L004-L006) and counts ``image_examples`` (V007, F010). ``output`` and ``completion``
    are the states' own bound methods, so a hook costs the walk no extra call.
    """

    __slots__ = ("_images", "_outputs", "_states", "completion", "output")

    def __init__(self) -> None:
        states: dict[type[FileState], Any] = {
            cls: cls() for cls in (Outputs, Completions, ImageExamples)
        }
        for rule in FILE_RULES:
            if rule.state is not None and rule.state not in states:
                states[rule.state] = rule.state()
        self._bind(states)

    def _bind(self, states: dict[type[FileState], Any]) -> None:
        self._states = states
        self._outputs: Outputs = states[Outputs]
        self._images: ImageExamples = states[ImageExamples]
        self.output: Callable[[Any, int], None] = self._outputs.add
        self.completion: Callable[[str, str, int], None] = states[Completions].add

    # Pickle the states only: the bound methods are made again from them.
    def __getstate__(self) -> dict[type[FileState], Any]:
        return self._states

    def __setstate__(self, states: dict[type[FileState], Any]) -> None:
        self._bind(states)

    def state(self, cls: type[Any]) -> Any:
        """The state of class ``cls`` of a file-level rule (for the hooks of native formats)."""
        return self._states[cls]

    @property
    def image_examples(self) -> int:
        """How many examples contain an image."""
        return self._images.count

    @image_examples.setter
    def image_examples(self, count: int) -> None:
        self._images.count = count

    @property
    def same_outputs(self) -> bool:
        """Whether every output so far is the same (when not, ``output`` can be skipped)."""
        return self._outputs.same

    def merge(self, other: Dataset, base: int) -> None:
        """Add the state of the next byte range, whose lines are numbered from base + 1.

        A state only one side holds is of rules the other never registered: rules of
        another target (see :func:`ftlint.rules.load`), which report nothing here.
        """
        theirs = other._states
        for cls, state in self._states.items():
            if cls in theirs:
                state.merge(theirs[cls], base)

    def finish(self, emit: Emit, end: FileEnd) -> None:
        """Run the end check of every file-level rule; ``emit`` drops disabled codes.

        A rule registered after this dataset was made has no state here: it is another
        target's, whose findings ``emit`` would drop.
        """
        states = self._states
        for rule in ordered_file_rules():
            if rule.state is None:
                rule.finish(None, emit, end)
            elif rule.state in states:
                rule.finish(states[rule.state], emit, end)
