"""ftlint split: stable under reordering and appending, groups never cross, every line
accounted for, the same bytes every time, the input never touched."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shlex
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from hypothesis import given
from hypothesis import strategies as st

from ftlint import split as split_module
from ftlint.reader import Source
from ftlint.split import SplitError, SplitOptions, SplitResult, split

Lines = list[bytes]


def _chat(system: int, question: int, answer: int, turns: int = 1) -> dict[str, Any]:
    messages: list[dict[str, Any]] = [{"role": "system", "content": f"system {system}"}]
    for t in range(turns):
        messages.append({"role": "user", "content": f"question {question}.{t}"})
        messages.append({"role": "assistant", "content": f"answer {answer}.{t}"})
    return {"messages": messages}


def _context(line: bytes) -> str:
    """The group of a line as the issue defines `context`, computed independently."""
    try:
        obj = json.loads(line)
    except ValueError:
        return "text:" + line.decode("utf-8", "replace").strip()
    messages = obj["messages"]
    last = max(i for i, m in enumerate(messages) if m["role"] == "assistant")
    return json.dumps([messages[:last], obj.get("tools")], sort_keys=True)


def _run(
    directory: Path,
    files: Sequence[Lines],
    options: SplitOptions,
    tag: str = "",
) -> tuple[Lines, Lines, SplitResult]:
    sources = []
    for i, lines in enumerate(files):
        path = directory / f"in{tag}{i}.jsonl"
        path.write_bytes(b"".join(lines))
        sources.append(Source(str(path), str(path)))
    train, validation = directory / f"train{tag}.jsonl", directory / f"val{tag}.jsonl"
    result = split(sources, options, str(train), str(validation), force=True)
    return (
        train.read_bytes().splitlines(keepends=True),
        validation.read_bytes().splitlines(keepends=True),
        result,
    )


# Examples from small pools, so that duplicates and shared contexts are frequent; written
# compactly or spaced, so that the same example also comes in two spellings.
_examples = st.builds(
    _chat,
    st.just(0),
    st.integers(0, 3),
    st.integers(0, 3),
    st.integers(1, 2),
)


@st.composite
def _line(draw: st.DrawFn) -> bytes:
    kind = draw(st.sampled_from(["example"] * 8 + ["blank", "invalid"]))
    if kind == "blank":
        return draw(st.sampled_from([b"\n", b"  \n", b"\r\n"]))
    if kind == "invalid":
        return b'{"messages": [' + str(draw(st.integers(0, 3))).encode() + b"\n"
    compact = draw(st.booleans())
    text = json.dumps(draw(_examples), separators=(",", ":") if compact else None)
    return text.encode() + draw(st.sampled_from([b"\n", b"\r\n"]))


_inputs = st.lists(_line(), min_size=1, max_size=60)
_options = st.one_of(
    st.builds(SplitOptions, fraction=st.floats(0.05, 0.95), salt=st.sampled_from(["", "x"])),
    st.builds(SplitOptions, size=st.integers(1, 8), salt=st.sampled_from(["", "x"])),
)


def _example_count(lines: Lines) -> int:
    return sum(1 for line in lines if not line.isspace())


def _split_or_skip(
    directory: Path, files: Sequence[Lines], options: SplitOptions, tag: str = ""
) -> Any:
    try:
        return _run(directory, files, options, tag)
    except SplitError as exc:  # a size as large as the input
        assert "has only" in str(exc)
        return None


@given(lines=_inputs, options=_options)
def test_every_line_is_accounted_for_and_no_group_crosses(
    lines: Lines, options: SplitOptions
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        done = _split_or_skip(Path(tmp), [lines], options)
        if done is None:
            return
        train, validation, result = done
    kept = [line for line in lines if not line.isspace()]
    assert Counter(train + validation) == Counter(
        line if line.endswith(b"\n") else line + b"\n" for line in kept
    )
    (tally,) = result.files
    assert tally.lines == len(lines)
    assert tally.blank == len(lines) - len(kept)
    assert (tally.train, tally.validation) == (len(train), len(validation))
    assert tally.train + tally.validation + tally.blank == tally.lines
    assert not {_context(x) for x in train} & {_context(x) for x in validation}
    assert result.overlap == 0


@given(lines=_inputs, options=_options, order=st.randoms(use_true_random=False))
def test_reordering_the_input_moves_nothing(
    lines: Lines, options: SplitOptions, order: Any
) -> None:
    shuffled = list(lines)
    order.shuffle(shuffled)
    with tempfile.TemporaryDirectory() as tmp:
        first = _split_or_skip(Path(tmp), [lines], options, "a")
        second = _split_or_skip(Path(tmp), [shuffled], options, "b")
    if first is None:
        assert second is None
        return
    assert Counter(first[1]) == Counter(second[1])
    assert Counter(first[0]) == Counter(second[0])


@given(
    lines=_inputs,
    more=_inputs,
    fraction=st.floats(0.05, 0.95),
)
def test_appending_never_moves_an_old_line(lines: Lines, more: Lines, fraction: float) -> None:
    options = SplitOptions(fraction=fraction)
    with tempfile.TemporaryDirectory() as tmp:
        _, before, _ = _run(Path(tmp), [lines], options, "a")
        _, after, _ = _run(Path(tmp), [lines + more], options, "b")
    old = {line if line.endswith(b"\n") else line + b"\n" for line in lines if not line.isspace()}
    assert {x for x in before} == {x for x in after} & old


@given(lines=_inputs, options=_options)
def test_the_same_input_gives_the_same_bytes(lines: Lines, options: SplitOptions) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        first = _split_or_skip(Path(tmp), [lines], options, "a")
        second = _split_or_skip(Path(tmp), [lines], options, "b")
    assert first is None or (first[0], first[1]) == (second[0], second[1])


def _many(n: int, **kwargs: int) -> Lines:
    return [json.dumps(_chat(0, i, 0, **kwargs)).encode() + b"\n" for i in range(n)]


def test_the_salt_changes_the_split(tmp_path: Path) -> None:
    lines = _many(200)
    _, plain, _ = _run(tmp_path, [lines], SplitOptions(fraction=0.2), "a")
    _, salted, _ = _run(tmp_path, [lines], SplitOptions(fraction=0.2, salt="x"), "b")
    assert set(plain) != set(salted)


def test_a_fraction_is_a_threshold_on_each_groups_hash(tmp_path: Path) -> None:
    _, validation, result = _run(tmp_path, [_many(1000)], SplitOptions(fraction=0.1))
    assert 60 < len(validation) < 140  # binomial(1000, 0.1): 10 standard deviations
    assert result.validation_groups == len(validation)


def test_a_size_of_single_line_groups_is_exact(tmp_path: Path) -> None:
    train, validation, result = _run(tmp_path, [_many(100)], SplitOptions(size=17))
    assert (len(train), len(validation)) == (83, 17)
    assert result.notes == []
    assert result.files[0].quota == 17


def test_a_size_takes_the_smallest_hashes_and_says_when_a_group_overshoots(
    tmp_path: Path,
) -> None:
    # 30 groups of 3 lines (one question, three answers): 10 lines need 4 groups = 12 lines.
    lines = [json.dumps(_chat(0, q, a)).encode() + b"\n" for q in range(30) for a in range(3)]
    _train, validation, result = _run(tmp_path, [lines], SplitOptions(size=10))
    assert len(validation) == 12
    assert result.validation_groups == 4
    assert result.notes == [
        "validation has 12 lines, not 10: groups are never cut, and a group at the boundary"
        " holds several lines"
    ]
    # The groups taken are those with the smallest hashes: a bigger size keeps them.
    _, bigger, _ = _run(tmp_path, [lines], SplitOptions(size=20), "b")
    assert set(validation) <= set(bigger)


def test_the_same_question_with_other_answers_stays_on_one_side(tmp_path: Path) -> None:
    lines = [json.dumps(_chat(0, q, a)).encode() + b"\n" for q in range(40) for a in range(4)]
    train, validation, _ = _run(tmp_path, [lines], SplitOptions(fraction=0.3))
    assert validation and train
    assert not {_context(x) for x in train} & {_context(x) for x in validation}


@pytest.mark.parametrize(
    ("group_by", "same"),
    [
        # The pairs each mode must keep together, as (line a, line b).
        ("line", (_chat(0, 1, 1), _chat(0, 1, 1))),
        ("context", (_chat(0, 1, 1), _chat(0, 1, 2))),
        ("first-user", (_chat(0, 1, 1), _chat(1, 1, 2))),
        ("id", ({**_chat(0, 1, 1), "id": 7}, {**_chat(1, 2, 2), "id": 7})),
        ("key:id", ({**_chat(0, 1, 1), "id": 7}, {**_chat(1, 2, 2), "id": 7})),
    ],
)
def test_each_group_by_mode_keeps_its_groups_together(
    tmp_path: Path, group_by: str, same: tuple[dict[str, Any], dict[str, Any]]
) -> None:
    filler = [{**_chat(0, 100 + i, 0), "id": 1000 + i} for i in range(60)]
    pairs = [json.dumps(x).encode() + b"\n" for x in same]
    sides = set()
    for salt in map(str, range(12)):  # across salts the pair lands on both sides
        lines = [json.dumps(x).encode() + b"\n" for x in filler] + pairs
        _train, validation, _ = _run(
            tmp_path, [lines], SplitOptions(fraction=0.5, group_by=group_by, salt=salt), salt
        )
        side = {pairs[0] in validation, pairs[1] in validation}
        assert len(side) == 1, f"{group_by}: the pair was split with salt {salt}"
        sides |= side
    assert sides == {True, False}


def test_lines_without_the_key_are_grouped_alone_and_counted(tmp_path: Path) -> None:
    lines = [json.dumps({**_chat(0, i, 0), "id": i % 5}).encode() + b"\n" for i in range(20)]
    lines += _many(3)
    _, _, result = _run(tmp_path, [lines], SplitOptions(fraction=0.5, group_by="id"))
    assert result.files[0].ungrouped == 3
    assert any(
        "3 lines without a top-level key 'id'; each is a group by itself" in w
        for w in result.warnings
    )


def test_invalid_json_is_kept_grouped_by_its_text_and_reported(tmp_path: Path) -> None:
    lines = [*_many(30), b"not json\n", b"not json\r\n", b"{broken\n"]
    train, validation, result = _run(tmp_path, [lines], SplitOptions(fraction=0.5))
    both = train + validation
    assert Counter(both)[b"not json\n"] == 1 and Counter(both)[b"{broken\n"] == 1
    assert (b"not json\n" in train) == (b"not json\r\n" in train)
    assert result.files[0].invalid == 3 and result.files[0].first_invalid == 31
    assert any(
        "3 lines not valid JSON (first: line 31), each grouped by its text" in w
        for w in result.warnings
    )


def test_a_byte_order_mark_is_dropped_and_a_last_newline_added(tmp_path: Path) -> None:
    lines = _many(12)
    lines[0] = b"\xef\xbb\xbf" + lines[0]
    lines[-1] = lines[-1].rstrip(b"\n")
    train, validation, _ = _run(tmp_path, [lines], SplitOptions(fraction=0.5))
    out = b"".join(sorted(train + validation))
    assert b"\xef\xbb\xbf" not in out
    assert sorted(train + validation) == sorted(_many(12))


def test_several_inputs_are_stratified_and_a_shared_group_stays_together(
    tmp_path: Path,
) -> None:
    a = _many(100)
    b = [json.dumps(_chat(1, i, 0)).encode() + b"\n" for i in range(300)]
    shared = json.dumps(_chat(5, 5, 5)).encode() + b"\n"
    a.append(shared)
    b.append(shared)
    train, validation, result = _run(tmp_path, [a, b], SplitOptions(size=40))
    assert [f.quota for f in result.files] == [10, 30]
    assert [f.validation for f in result.files] in ([10, 30], [11, 31], [10, 31], [11, 30])
    assert (shared in train) != (shared in validation)


def test_a_size_as_large_as_the_input_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SplitError, match="has only 5 examples"):
        _run(tmp_path, [_many(5)], SplitOptions(size=5))
    assert not (tmp_path / "train.jsonl").exists()


def test_a_failure_while_writing_leaves_no_output_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = split_module._write

    def broken(*args: Any) -> None:
        real(*args)
        raise KeyboardInterrupt

    monkeypatch.setattr(split_module, "_write", broken)
    with pytest.raises(KeyboardInterrupt):
        _run(tmp_path, [_many(20)], SplitOptions(fraction=0.5))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in0.jsonl"]


def test_gzip_in_and_out(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl.gz"
    path.write_bytes(gzip.compress(b"".join(_many(30))))
    train, validation = tmp_path / "t.jsonl.gz", tmp_path / "v.jsonl.gz"
    result = split(
        [Source(str(path), str(path))], SplitOptions(fraction=0.5), str(train), str(validation)
    )
    out = gzip.decompress(train.read_bytes()) + gzip.decompress(validation.read_bytes())
    assert sorted(out.splitlines(keepends=True)) == sorted(_many(30))
    assert result.overlap == 0


# The command line ---------------------------------------------------------------------


def _fingerprint(path: Path) -> tuple[str, int]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


@pytest.fixture
def data(tmp_path: Path) -> Path:
    path = tmp_path / "data.jsonl"
    path.write_bytes(b"".join(_many(40)) + b"\n")
    return path


def _cli(run: Callable[..., Result], *args: str) -> Result:
    return run("split", *args)


def test_cli_writes_both_files_and_reports_every_line(
    run: Callable[..., Result], tmp_path: Path, data: Path
) -> None:
    before = _fingerprint(data)
    t, v = str(tmp_path / "t.jsonl"), str(tmp_path / "v.jsonl")
    result = _cli(
        run, str(data), "--validation-size", "10", "--train-out", t, "--validation-out", v
    )
    assert result.exit_code == 0, result.output
    assert _fingerprint(data) == before
    assert result.stdout.splitlines() == [
        f"41 lines read from {data} (grouped by context, no salt)",
        f"  train       30 lines in 30 groups  -> {t}",
        f"  validation  10 lines in 10 groups  -> {v}  (25.0%; asked 10 lines)",
        "  blank        1 lines dropped",
        "overlap: 0 validation examples also in train (both files read back, examples"
        " compared as canonical JSON)",
    ]
    assert result.stderr == ""
    stats = run("stats", t, "--validation", v, "-o", "json", "-j", "1")
    assert json.loads(stats.stdout)["validation"]["overlap"] == []


@pytest.mark.parametrize("which", ["--train-out", "--validation-out"])
def test_cli_refuses_to_write_over_an_input(
    run: Callable[..., Result], tmp_path: Path, data: Path, which: str
) -> None:
    before = _fingerprint(data)
    other = str(tmp_path / "other.jsonl")
    outs = {"--train-out": other, "--validation-out": other, which: f"{tmp_path}/./data.jsonl"}
    args = [str(data), "--validation-fraction", "0.2", "--force"]
    result = _cli(run, *args, *(x for pair in outs.items() for x in pair))
    assert result.exit_code == 2
    assert result.stderr.startswith("ftlint: error: ") and "is an input" in result.stderr
    assert result.stderr.count("\n") == 1
    assert _fingerprint(data) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data.jsonl"]


def test_cli_refuses_an_existing_output_without_force(
    run: Callable[..., Result], tmp_path: Path, data: Path
) -> None:
    t, v = tmp_path / "t.jsonl", tmp_path / "v.jsonl"
    t.write_text("keep me\n")
    args = [
        str(data),
        "--validation-fraction",
        "0.2",
        "--train-out",
        str(t),
        "--validation-out",
        str(v),
    ]
    result = _cli(run, *args)
    assert result.exit_code == 2 and "exists; pass --force" in result.stderr
    assert t.read_text() == "keep me\n" and not v.exists()
    assert _cli(run, *args, "--force").exit_code == 0
    assert t.read_text() != "keep me\n"


@pytest.mark.parametrize(
    "args",
    [
        ["--validation-fraction", "0.2", "--validation-size", "3"],
        [],
        ["--validation-fraction", "1"],
        ["--validation-size", "0"],
    ],
)
def test_cli_usage_errors_exit_2(
    run: Callable[..., Result], tmp_path: Path, data: Path, args: list[str]
) -> None:
    outs = ["--train-out", str(tmp_path / "t"), "--validation-out", str(tmp_path / "v")]
    result = _cli(run, str(data), *args, *outs)
    assert result.exit_code == 2
    assert not (tmp_path / "t").exists()


def test_cli_refuses_standard_input(run: Callable[..., Result], tmp_path: Path) -> None:
    outs = ["--train-out", str(tmp_path / "t"), "--validation-out", str(tmp_path / "v")]
    result = run("split", "-", "--validation-fraction", "0.2", *outs, input=b"{}\n")
    assert result.exit_code == 2
    assert "cannot read standard input: save it to a file first" in result.stderr


def test_cli_missing_input_exits_2(run: Callable[..., Result], tmp_path: Path) -> None:
    outs = ["--train-out", str(tmp_path / "t"), "--validation-out", str(tmp_path / "v")]
    result = _cli(run, str(tmp_path / "nope.jsonl"), "--validation-fraction", "0.2", *outs)
    assert result.exit_code == 2
    assert "no such file or directory" in result.stderr


def test_cli_warns_about_provider_limits_but_succeeds(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    rft = tmp_path / "rft.jsonl"
    rft.write_text(
        "".join(
            json.dumps(
                {
                    "messages": [
                        {"role": "developer", "content": "d"},
                        {"role": "user", "content": f"q{i}"},
                    ],
                    "reference_answer": str(i),
                }
            )
            + "\n"
            for i in range(1100)
        )
    )
    outs = ["--train-out", str(tmp_path / "t"), "--validation-out", str(tmp_path / "v")]
    result = _cli(run, str(rft), "--validation-size", "1095", *outs)
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        "ftlint: warning: train has 5 examples; a fine-tuning file needs at least 10",
        "ftlint: warning: validation has 1,095 examples; reinforcement fine-tuning accepts"
        " at most 1,000 (test examples)",
    ]


def test_cli_stratifies_several_inputs(run: Callable[..., Result], tmp_path: Path) -> None:
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    a.write_bytes(b"".join(_many(30)))
    b.write_bytes(b"".join(json.dumps(_chat(1, i, 0)).encode() + b"\n" for i in range(90)))
    outs = ["--train-out", str(tmp_path / "t"), "--validation-out", str(tmp_path / "v")]
    result = _cli(run, str(a), str(b), "--validation-size", "20", *outs)
    assert result.exit_code == 0
    assert f"  {a}: 25 train, 5 validation (its share of the size: 5)" in result.stdout
    assert f"  {b}: 75 train, 15 validation (its share of the size: 15)" in result.stdout


def test_cli_input_untouched_even_on_a_symlinked_output(
    run: Callable[..., Result], tmp_path: Path, data: Path
) -> None:
    before = _fingerprint(data)
    link = tmp_path / "link.jsonl"
    os.symlink(data, link)
    outs = ["--train-out", str(link), "--validation-out", str(tmp_path / "v")]
    result = _cli(run, str(data), "--validation-fraction", "0.5", "--force", *outs)
    assert result.exit_code == 2
    assert _fingerprint(data) == before


def test_the_readme_shows_real_output(
    run: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = Path(__file__).resolve().parent.parent
    text = (root / "README.md").read_text(encoding="utf-8")
    section = text.split("## Splitting off a validation set\n", 1)[1].split("\n## ", 1)[0]
    blocks = [b.split("```", 1)[0] for b in section.split("```console\n")[1:]]
    assert len(blocks) == 2
    shutil.copytree(root / "fixtures" / "valid", tmp_path / "fixtures" / "valid")
    monkeypatch.chdir(tmp_path)
    for block in blocks:
        command, *expected = block.splitlines()
        args = shlex.split(command.removeprefix("$ "))
        assert args[0] == "ftlint"
        result = run(*args[1:])
        assert result.stdout.splitlines() + result.stderr.splitlines() == expected
