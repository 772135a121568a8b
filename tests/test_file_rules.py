"""File-level rules and schema explanations: each registered beside its definition."""

from __future__ import annotations

import pickle
import random
from typing import Any

import pytest

from ftlint.rules import REGISTRY
from ftlint.rules.context import FileEnd
from ftlint.rules.dataset import Dataset
from ftlint.rules.explain_common import AREAS, FORMAT_EXPLAINERS
from ftlint.rules.file import (
    MIN_EXAMPLES,
    MULTIPART_LIMIT,
    RFT_MAX_EXAMPLES,
    RFT_MAX_TEST_EXAMPLES,
    UPLOAD_LIMIT,
)
from ftlint.rules.file_rules import FILE_RULES, ordered_file_rules
from ftlint.rules.vision import MAX_IMAGE_BYTES, MAX_IMAGE_EXAMPLES, MAX_IMAGES_PER_EXAMPLE
from ftlint.schema import FORMAT_NAMES

Event = tuple[Any, ...]


def test_every_file_rule_reports_defined_codes_once() -> None:
    codes = [code for rule in FILE_RULES for code in rule.codes]
    assert len(codes) == len(set(codes))
    assert set(codes) <= set(REGISTRY)
    assert {"F001", "F004", "F005", "F007", "F008", "F009", "F010", "J005"} <= set(codes)
    assert {"L004", "L005", "L006", "V007"} <= set(codes)


def test_end_checks_run_in_code_order() -> None:
    # A streaming listener gets the late findings (J005, L006) in this order.
    firsts = [rule.codes[0] for rule in ordered_file_rules()]
    assert firsts == sorted(firsts)
    assert firsts.index("J005") < firsts.index("L004")


def _events(rng: random.Random, n: int) -> list[Event]:
    """What the walk records for lines 1..n: outputs, legacy examples and images."""
    events: list[Event] = []
    same = rng.random() < 0.5  # half the runs keep one output throughout
    for line in range(1, n + 1):
        kind = rng.randrange(3)
        if kind == 0:
            events.append(("output", "same" if same else rng.choice(["a", "b"]), line))
        elif kind == 1:
            prompt = rng.choice(["", "x"]) + rng.choice(["Q\n\n###\n\n", "Q ###\n\n", "q"])
            completion = rng.choice([" ", ""]) + rng.choice(["A END", "B END", "A\n"])
            events.append(("completion", prompt, completion, line))
        else:
            events.append(("image", line))
    return events


def _replay(events: list[Event], base: int = 0) -> Dataset:
    """One pass over ``events``, with lines numbered from ``base + 1`` as a worker would."""
    dataset = Dataset()
    for event in events:
        if event[0] == "output":
            dataset.output(event[1], event[2] - base)
        elif event[0] == "completion":
            dataset.completion(event[1], event[2], event[3] - base)
        else:
            dataset.image_examples += 1
    return dataset


def _findings(dataset: Dataset, fmt: str, model: str | None) -> list[tuple[Any, ...]]:
    found: list[tuple[Any, ...]] = []

    def emit(code: str, line: int | None, column: int | None, message: str, **kw: Any) -> None:
        found.append((code, line, column, message, sorted(kw.items())))

    end = FileEnd(format=fmt, model=model, examples=10, size=100, complete=True)
    dataset.finish(emit, end)
    return found


@pytest.mark.parametrize("seed", range(12))
def test_merge_of_byte_ranges_equals_one_pass(seed: int) -> None:
    rng = random.Random(seed)
    events = _events(rng, rng.randrange(0, 40))
    whole = _replay(events)
    cuts = sorted(rng.sample(range(len(events) + 1), k=min(3, len(events) + 1)))
    merged = Dataset()
    start = 0
    for cut in [*cuts, len(events)]:
        # Each range is numbered from 1 and travels pickled, as from a worker process.
        part = pickle.loads(pickle.dumps(_replay(events[start:cut], base=start)))
        merged.merge(part, start)
        start = cut
    for fmt, model in (("completion", None), ("chat", "gpt-4o-mini-2024-07-18")):
        assert _findings(merged, fmt, model) == _findings(whole, fmt, model)
    assert merged.image_examples == whole.image_examples
    assert merged.same_outputs == whole.same_outputs


def test_merge_keeps_the_first_line_and_joins_suffixes() -> None:
    first = _replay([("completion", "a ###", " b END", 1)])
    second = _replay([("completion", "c ###", "dEND", 1), ("completion", "e", "e END", 2)])
    first.merge(second, 7)
    found = _findings(first, "completion", None)
    assert [(code, line) for code, line, *_ in found] == [("L004", None), ("L006", 8)]
    assert "2 completions" in found[1][3]


def test_a_file_level_finding_shows_the_rule_that_counts() -> None:
    dataset = Dataset()
    for _ in range(3):
        dataset.image_examples += 1
    found = _findings(dataset, "chat", "gpt-4o-mini-2024-07-18")
    assert [code for code, *_ in found] == ["F010"]
    assert found[0][3].startswith("3 examples contain images")


@pytest.mark.parametrize(
    ("code", "words"),
    [
        ("F001", f"fewer than {MIN_EXAMPLES} examples"),
        ("F004", f"larger than {UPLOAD_LIMIT // 1000**2} MB"),
        ("F004", f"up to {MULTIPART_LIMIT // 1000**3} GB"),
        ("F005", f"larger than {MULTIPART_LIMIT // 1000**3} GB"),
        ("F008", f"more than {RFT_MAX_EXAMPLES:,} examples"),
        ("F008", f"{RFT_MAX_TEST_EXAMPLES:,} in the test"),
        ("V005", f"larger than {MAX_IMAGE_BYTES // 1024**2} MB"),
        ("V006", f"more than {MAX_IMAGES_PER_EXAMPLE} images"),
        ("V007", f"More than {MAX_IMAGE_EXAMPLES:,} examples"),
    ],
)
def test_docs_state_the_limits_the_code_enforces(code: str, words: str) -> None:
    # The docs are prose wrapped as shown, so they spell the numbers out; this keeps them
    # from drifting away from the constants that the checks and messages use.
    assert words in " ".join(REGISTRY[code].doc.split())


def test_schema_explainers_are_registered_by_their_rule_modules() -> None:
    # Tried in code order; where two match, the lower code wins (a tool call's `function` is
    # T001, not T008).
    assert [code for code, _ in AREAS] == ["T001", "T005", "T006", "T008", "V002"]
    assert [hint.__module__ for _, hint in AREAS] == ["ftlint.rules.tool_shapes"] * 4 + [
        "ftlint.rules.vision"
    ]
    assert set(FORMAT_EXPLAINERS) <= set(FORMAT_NAMES)
    assert {fmt: [f.__module__ for f in funcs] for fmt, funcs in FORMAT_EXPLAINERS.items()} == {
        "completion": ["ftlint.rules.completion", "ftlint.rules.completion"],
        "preference": ["ftlint.rules.preference"],
        "reinforcement": ["ftlint.rules.reinforcement"],
        "bedrock-conversation": ["ftlint.rules.bedrock"],
        "bedrock-nova-dpo": ["ftlint.rules.bedrock"],
        "claude-messages": ["ftlint.rules.claude"],
        "gemini-contents": ["ftlint.rules.gemini"],
        "gemini-preference": ["ftlint.rules.gemini"],
        "text": ["ftlint.rules.together"],
        "bedrock-nova-rft": ["ftlint.rules.bedrock_rft"],
        "bedrock-nova-cpt": ["ftlint.rules.bedrock_cpt"],
        "bedrock-distillation": ["ftlint.rules.bedrock_distill"],
        "mistral-classifier": ["ftlint.rules.mistral_classifier"],
        "parquet": ["ftlint.rules.together_parquet"],
    }


@pytest.mark.parametrize("seed", range(6))
def test_provider_states_merge_as_one_pass(seed: int) -> None:
    """Q052's maxima and F201's system prompts, cut into ranges as --jobs cuts a file."""
    from ftlint.rules.azure_skill import Prompts
    from ftlint.rules.gemini_preference import Longest

    rng = random.Random(seed)
    rows = [(rng.choice("abcd"), rng.randrange(50), rng.randrange(50)) for _ in range(30)]

    def replay(part: list[tuple[str, int, int]], base: int) -> tuple[Prompts, Longest]:
        prompts, longest = Prompts(), Longest()
        for line, (key, prompt, completion) in enumerate(part, start=1):
            prompts.add(key, line)
            longest.add(line, prompt, completion, "an estimate")
        return pickle.loads(pickle.dumps((prompts, longest)))

    whole = replay(rows, 0)
    merged = (Prompts(), Longest())
    start = 0
    for cut in [*sorted(rng.sample(range(31), k=3)), 30]:
        part = replay(rows[start:cut], start)
        merged[0].merge(part[0], start)
        merged[1].merge(part[1], start)
        start = cut
    assert merged[0].keys == whole[0].keys
    fields = ("prompt", "prompt_line", "completion", "completion_line")
    assert [getattr(merged[1], f) for f in fields] == [getattr(whole[1], f) for f in fields]
