"""``ftlint report``: the HTML page escapes the data, stays small and deterministic, and
shows the very numbers of ``stats -o json``."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import msgspec
import pytest
from click.testing import Result

from conftest import chat_example
from ftlint import schema
from ftlint.findings import Finding, Severity
from ftlint.profile import Lengths, Shape, block_of, sequence_key
from ftlint.report_run import FindingLog
from ftlint.reporters.html import num
from ftlint.reporters.html_findings import Budget, every

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
Run = Callable[..., Result]
STAT = re.compile(r'<span data-stat="([^"]*)">([^<]*)</span>')
HOSTILE = '<script>alert("x\'y")</script>'


def report(run: Run, out: Path, *args: str) -> str:
    result = run("report", *args, "-o", str(out), "-j", "1")
    assert result.exit_code in (0, 1), result.output
    return out.read_text(encoding="utf-8")


def stats_json(run: Run, *args: str) -> dict[str, Any]:
    result = run("stats", *args, "-o", "json", "-j", "1")
    assert result.exit_code == 0, result.output
    doc: dict[str, Any] = json.loads(result.stdout)
    return doc


def lookup(doc: Any, path: str) -> Any:
    for part in path.split("."):
        doc = doc[int(part)] if isinstance(doc, list) else doc[part]
    return doc


def test_every_number_marked_on_the_page_is_the_stats_json_number(run: Run, tmp_path: Path) -> None:
    args = [
        str(FIXTURES / "valid/chat_basic.jsonl"),
        str(FIXTURES / "valid/chat_tool_calls.jsonl"),
        "--validation",
        str(FIXTURES / "valid/chat_weights.jsonl"),
        "--price-per-mtok",
        "3",
    ]
    page = report(run, tmp_path / "r.html", *args)
    doc = stats_json(run, *args)
    marked = STAT.findall(page)
    paths = {path for path, _ in marked}
    for expected in ("total.examples", "files.0.tokens.total", "files.1.charged_tokens",
                     "files.0.histogram.0.2", "validation.examples", "files.0.cost"):  # fmt: skip
        assert expected in paths
    assert len(marked) > 100
    for path, text in marked:
        value = lookup(doc, path)
        shown = f"{value:,.2f}" if path.endswith("cost") else num(value)
        assert html.unescape(text) == shown, path


def test_the_same_input_gives_the_same_bytes(run: Run, tmp_path: Path) -> None:
    args = [str(FIXTURES / "valid/chat_basic.jsonl"), str(FIXTURES / "invalid")]
    first = report(run, tmp_path / "a.html", *args)
    second = report(run, tmp_path / "b.html", *args)
    assert first == second
    assert not re.search(r"\d\d:\d\d:\d\d UTC", first)
    bad = str(FIXTURES / "invalid/S005_invalid_role.jsonl")  # the stamp is all that differs
    stamped = run("report", bad, "-o", str(tmp_path / "c.html"), "--timestamp")
    assert stamped.exit_code == 1
    assert re.search(r"\b20\d\d-\d\d-\d\d \d\d:\d\d:\d\d UTC", (tmp_path / "c.html").read_text())


def test_data_from_content_paths_and_keys_is_escaped(run: Run, tmp_path: Path) -> None:
    folder = tmp_path / HOSTILE.replace("/", "_")
    folder.mkdir()
    lines: list[Any] = [chat_example(i) for i in range(12)]
    lines[0]["messages"][1]["content"] = HOSTILE
    lines[1][HOSTILE] = 1  # an unknown key: the finding's path and message carry it
    lines[2]["messages"][1]["name"] = HOSTILE  # C006, with the raw line shown
    lines.append(lines[0])  # a duplicate of the hostile line
    data = folder / f"{HOSTILE.replace('/', '_')}.jsonl"
    data.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    page = report(run, tmp_path / "r.html", str(data), "--validation", str(data))
    assert page.count("<script") == 1  # ours, the print helper
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#34;x&#39;y&#34;)&lt;/script&gt;" in page  # the content
    assert "&lt;script&gt;alert(&#34;x&#39;y&#34;)&lt;_script&gt;.jsonl" in page  # the path
    assert "unknown top-level key <code>&lt;script&gt;alert(" in page  # the key
    # Every attribute is well formed and one of ours: the data adds none.
    for attributes in re.findall(r"<\w+([^>]*)>", page):
        assert re.fullmatch(r'(\s+[\w-]+(="[^"<>]*")?)*\s*/?', attributes), attributes
        for name in re.findall(r'([\w-]+)="', attributes):
            assert name in _ALLOWED_ATTRIBUTES, name
    for tag in re.findall(r"<(\w+)", page):
        assert tag in _ALLOWED_TAGS, tag


_ALLOWED_TAGS = set(
    [
        "html",
        "head",
        "meta",
        "title",
        "style",
        "body",
        "main",
        "header",
        "section",
        "h1",
        "h2",
        "h3",
        "div",
        "strong",
        "p",
        "nav",
        "ol",
        "li",
        "a",
        "span",
        "details",
        "summary",
        "code",
        "pre",
        "mark",
        "table",
        "caption",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "th",
        "td",
        "b",
        "svg",
        "desc",
        "line",
        "text",
        "rect",
        "figure",
        "figcaption",
        "footer",
        "script",
    ]
)


_ALLOWED_ATTRIBUTES = set(
    [
        "lang",
        "charset",
        "http-equiv",
        "content",
        "name",
        "id",
        "class",
        "role",
        "aria-label",
        "aria-labelledby",
        "href",
        "scope",
        "style",
        "data-stat",
        "viewBox",
        "width",
        "height",
        "x",
        "y",
        "x1",
        "y1",
        "x2",
        "y2",
        "text-anchor",
    ]
)


def test_the_page_stays_small_for_many_findings(run: Run, tmp_path: Path) -> None:
    lines: list[Any] = []
    for i in range(6000):
        example = chat_example(i, turns=1 + i % 9)
        example["messages"][1]["content"] += " Ω漢字 " * (i % 3) + "x" * 300
        if i % 4 == 0:
            example["messages"][0]["name"] = f"bad name {i}"
        if i % 7 == 0:
            example["messages"][-1]["role"] = f"robot{i % 50}"
        lines.append(example)
        if i % 5 == 0:
            lines.append(example)
    data = tmp_path / "big.jsonl"
    data.write_text("".join(json.dumps(line) + "\n" for line in lines) + "{bad\n")
    page = report(run, tmp_path / "r.html", str(data))
    assert data.stat().st_size > 2_000_000
    assert len(page.encode()) < 1_500_000
    every = page[page.index('id="every"') :]
    assert every[: every.index("</table>")].count("<tr>") <= 201
    assert "Cyrillic" not in page and "CJK Unified Ideographs" in page
    assert "more not listed" in page
    # Duplicate groups come from the F006 messages ("duplicate of line N").
    assert re.search(r">1,028</span> duplicate examples \(F006\) in 1,028 groups", page)


def test_the_page_stays_small_for_many_files(run: Run, tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(400):
        lines = [chat_example(i * 10 + j) for j in range(10)]
        lines[i % 10]["messages"][1]["name"] = "bad name"
        text = "".join(json.dumps(line) + "\n" for line in lines)
        (folder / f"part-{i:03}-{'x' * 60}.jsonl").write_text(text)
    page = report(run, tmp_path / "r.html", str(folder))
    assert len(page.encode()) < 1_500_000
    assert "150 more files, counted in the total" in page
    assert page.count("<h3>") < 100


def test_long_values_in_findings_are_clipped(run: Run, tmp_path: Path) -> None:
    lines: list[Any] = [chat_example(i) for i in range(12)]
    for i, line in enumerate(lines):
        line[f"k{i}" + '"' * 50_000] = 1  # unknown keys: in the path and the message
    data = tmp_path / "long.jsonl"
    text = "".join(json.dumps(line) + "\n" for line in lines) + '{"' + '"' * 200_000 + "\n"
    data.write_text(text)
    page = report(run, tmp_path / "r.html", str(data))
    assert len(page.encode()) < 400_000
    assert "k0&#34;&#34;" in page and "…" in page


def test_exit_status_and_errors(run: Run, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    assert run("report", str(FIXTURES / "valid/chat_basic.jsonl"), "-o", str(out)).exit_code == 0
    assert "Upload accepted" in out.read_text()
    bad = run("report", str(FIXTURES / "invalid/S001_missing_messages.jsonl"), "-o", str(out))
    assert bad.exit_code == 1
    assert "Upload rejected" in out.read_text()
    missing = run("report", str(tmp_path / "nope.jsonl"), "-o", str(out))
    assert missing.exit_code == 2 and "nope.jsonl" in missing.stderr
    unwritable = run(
        "report", str(FIXTURES / "valid/chat_basic.jsonl"), "-o", str(tmp_path / "no/r.html")
    )
    assert unwritable.exit_code == 2 and unwritable.stderr.count("\n") == 1


def test_findings_show_the_line_with_the_path_marked(run: Run, tmp_path: Path) -> None:
    page = report(run, tmp_path / "r.html", str(FIXTURES / "invalid/C006_invalid_name.jsonl"))
    assert "C006_invalid_name.jsonl:2:98" in page
    assert "<mark>&#34;Ann Lee&#34;</mark>" in page


def test_step_summary_points_at_the_page(run: Run, tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    out = tmp_path / "r.html"
    env = {"GITHUB_STEP_SUMMARY": str(summary)}
    result = run("report", str(FIXTURES / "valid/chat_basic.jsonl"), "-o", str(out), env=env)
    assert result.exit_code == 0
    assert "**ftlint report**: upload accepted" in summary.read_text()
    assert "`r.html`" in summary.read_text()


def test_other_models_row_of_the_report_model_matches_the_billing(run: Run, tmp_path: Path) -> None:
    for name in ("valid/chat_tool_calls.jsonl", "valid/preference_dpo.jsonl"):
        args = [str(FIXTURES / name)]
        page = report(run, tmp_path / "r.html", *args)
        doc = stats_json(run, *args)["files"][0]
        row = re.search(r'<tr class="current">(.*?)</tr>', page, re.DOTALL)
        assert row is not None
        cells = re.findall(r'<td class="n">([^<]*)</td>', row.group(1))
        assert cells[2:5] == [
            num(doc["over_limit"]["count"]),
            num(doc["billed_tokens"]),
            num(doc["charged_tokens"]),
        ]


# -- under --target --------------------------------------------------------------------------

TARGETS = FIXTURES / "targets"


def _marked_as_in_stats(page: str, doc: dict[str, Any]) -> list[str]:
    """The stats paths marked on the page, each checked against ``stats -o json``."""
    marked = STAT.findall(page)
    for path, text in marked:
        value = lookup(doc, path)
        shown = f"{value:,.2f}" if path.endswith("cost") else num(value)
        assert html.unescape(text) == shown, path
    return [path for path, _ in marked]


@pytest.mark.parametrize("target", ["bedrock-claude", "bedrock-nova", "azure"])
def test_the_page_is_the_targets(run: Run, tmp_path: Path, target: str) -> None:
    """--target: the numbers of ``stats --target T``, the target named, the provider's
    verdict, and token counts that say how they were made."""
    args = ["--target", target, *sorted(str(p) for p in (TARGETS / target).glob("*/*.jsonl"))]
    page = report(run, tmp_path / "r.html", *args)
    doc = stats_json(run, *args)
    label = html.escape(doc["target"]["label"], quote=True)
    paths = _marked_as_in_stats(page, doc)
    assert f"Checked for {label} (<code>--target {target}</code>)" in page
    assert f'<th scope="row"><code>--target</code></th><td>{target}</td>' in page
    assert f": {label} would refuse these files" in page and ": OpenAI would" not in page
    counted = {f["tokens_counted"] for f in doc["files"] if f["valid"]}
    if target == "bedrock-claude":  # estimated: marked, with the ratio and its source
        assert counted == {"estimate"} and "files.0.tokens.total" in paths
        assert page.count('≈ <span data-stat="files.') >= 3 * len(doc["files"])
        assert "estimated at 3 characters per token</span>" in page
        assert "tokens are estimates at 3 characters per token" in page
        assert "aws-samples/amazon-bedrock-samples" in page
        assert "give <code>--epochs N</code> for the charged tokens" in page  # not OpenAI's
        assert "Tokens: the server" not in page and "truncated by OpenAI" not in page
    elif target == "bedrock-nova":  # not counted, and why; the shapes are
        assert counted == {"none"} and not any(".tokens." in path for path in paths)
        assert "Tokens were not counted: not published" in page and "BN16" in page
        assert "<code>user, assistant</code>" in page  # a role sequence of Nova turns
        assert "amazon.nova-micro-v1:0: tokens not counted, no known limit" in page
    else:  # exact, with Azure's copy of the cookbook's epochs and its models compared
        assert counted == {"exact"} and "≈ <span" not in page
        assert "epochs (the default for" in page
        assert "each Azure OpenAI model that trains chat data and counts its tokens" in page
        assert "gpt-35-turbo" in page
        # The open-weight models, which publish no tokenizer, are compared as estimates.
        assert '<th scope="row">Qwen-32B</th><td>≈ 4 characters per token</td>' in page
        assert "≈ Qwen-32B: estimates at 4 characters per token" in page


@pytest.mark.parametrize(
    ("target", "name", "model"),
    [
        ("azure", "azure/valid/tool_calls.jsonl", "Qwen-32B"),
        ("vertex-gemini", "vertex-gemini/valid/preference.jsonl", "gemini-2.5-flash"),
    ],
)
def test_an_estimated_models_row_is_its_stats(
    run: Run, tmp_path: Path, target: str, name: str, model: str
) -> None:
    """A model with no tokenizer is compared too: its row holds the numbers ``stats
    --model`` gives for it, marked ≈, and a note gives its ratio and source."""
    path = str(TARGETS / name)
    page = report(run, tmp_path / "r.html", "--target", target, "--epochs", "2", path)
    (doc,) = stats_json(run, "--target", target, "--model", model, "--epochs", "2", path)["files"]
    row = re.search(rf'<th scope="row">{model}( \(this report\))?</th>(.*?)</tr>', page)
    assert row is not None
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", row.group(2))
    ratio = doc["estimate"]["chars_per_token"]
    assert cells == [
        f"≈ {ratio:g} characters per token",
        num(doc["limit"]),
        f"≈ {num(doc['tokens']['total'])}",
        num(doc["over_limit"]["count"]),
        f"≈ {num(doc['billed_tokens'])}",
        f"≈ {num(doc['charged_tokens'])}",
    ]
    assert f"estimates at {ratio:g} characters per token" in page
    assert html.escape(doc["estimate"]["source"]) in page


def test_the_configured_target_and_one_line_errors(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    claude = str(TARGETS / "bedrock-claude" / "valid" / "claude.jsonl")
    (tmp_path / "pyproject.toml").write_text('[tool.ftlint]\ntarget = "bedrock-claude"\n')
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    page = report(run, tmp_path / "r.html", claude)
    assert "(<code>--target bedrock-claude</code>)" in page and "Upload accepted" in page
    page = report(run, tmp_path / "r.html", claude, "--target", "openai")  # the flag wins
    assert "Checked for" not in page and "Upload rejected" in page
    wrong = run("report", claude, "--target", "bedrock-nova", "--format", "chat", "-o", "r.html")
    assert wrong.exit_code == 2 and wrong.stderr == (
        "ftlint: error: --format chat: target bedrock-nova takes bedrock-conversation,"
        " bedrock-nova-dpo, bedrock-nova-rft, bedrock-nova-cpt, bedrock-distillation (or auto)\n"
    )


# -- the accumulators ----------------------------------------------------------------------


def _examples() -> list[Any]:
    decode = schema.decoder("chat").decode
    texts = ["plain", "Привет мир", "日本語のテキスト", "مرحبا", "emoji 😀", ""]
    out = []
    for i in range(30):
        raw = chat_example(i, turns=1 + i % 5)
        raw["messages"][1]["content"] = texts[i % len(texts)]
        if i % 3 == 0:
            raw["messages"] = raw["messages"][1:]
        out.append(decode(msgspec.json.encode(raw)))
    return out


@pytest.mark.parametrize("cut", [0, 1, 13, 29])
def test_shape_merges_exactly(cut: int) -> None:
    examples = _examples()
    whole, head, tail = Shape(), Shape(), Shape()
    for i, example in enumerate(examples):
        whole.add(example, "chat")
        (head if i < cut else tail).add(example, "chat")
    assert head.merge(tail) == whole == tail.merge(head)
    assert whole.examples == 30
    assert whole.chars["Cyrillic"] == 5 * len("Приветмир")
    assert whole.block_examples["Hiragana"] == 5
    assert sum(whole.sequences.values()) == sum(whole.endings.values()) == 30


def test_blocks_and_sequence_keys() -> None:
    assert [block_of(c) for c in "aé字😀\U000e0001"] == [
        "Basic Latin",
        "Latin-1 Supplement",
        "CJK Unified Ideographs",
        "Emoticons",
        "Other",
    ]
    assert sequence_key(["system", "user", "assistant"]) == "system, user, assistant"
    long = ["system"] + ["user", "assistant"] * 5
    assert sequence_key(long) == "system, user, assistant, … 6 more, user, assistant"


def test_lengths_price_any_limit() -> None:
    lengths = Lengths("o200k_base")
    other = Lengths("o200k_base")
    lengths.tokens.extend([10, 50, 200])
    lengths.longest.extend([10, 50, 200])
    other.tokens.append(80)
    other.longest.append(70)
    lengths.update(other)
    assert lengths.billed(60) == 10 + 50 + 60 + 60
    assert lengths.over(60) == 2
    assert lengths.billed(None) == 340
    with pytest.raises(ValueError, match="cannot merge"):
        lengths.update(Lengths("cl100k_base"))


def test_the_findings_budget_bounds_what_the_data_puts_on_the_page() -> None:
    log = FindingLog()
    for line in range(1, 400):
        log(
            Finding(
                path="a.jsonl",
                line=line,
                column=1,
                json_path='$["' + '\\"' * 1000 + '"]',
                code="S003",
                severity=Severity.ERROR,
                message='"' * 5000,
            )
        )
    budget = Budget(50_000)
    table = every(log, budget)
    assert 0 < len(table["rows"]) < 200
    assert table["more"] == 399 - len(table["rows"])
    assert budget.left == 0
    assert sum(len(html.escape(r["message"]).encode()) for r in table["rows"]) < 50_000
    assert all(len(r["message"]) <= 240 for r in table["rows"])
