"""The real-commit corpus (issue 11): it loads, every firing is labelled or reported as unlabelled,
and `evalrun score-selftest --corpus real` prints per-family precision (so `bash .ci/run` shows it)."""

import lzma
import time
import tomllib

import pytest
from typer.testing import CliRunner

from harness.cli import app
from harness.scoring import corpus

ROOT = corpus.DEFAULT_CORPUS


def test_corpus_is_large_and_from_several_projects():
    commits = corpus.load_corpus()
    assert len(commits) >= 300
    assert len({c.project for c in commits}) >= 4
    assert all(c.patch.strip() and c.files for c in commits)


def test_corpus_command_prints_precision_per_family(capsys):
    started = time.monotonic()
    result = CliRunner().invoke(app, ["score-selftest", "--corpus", "real"])
    seconds = time.monotonic() - started
    with capsys.disabled():
        print("\n\nevalrun score-selftest --corpus real (issue 11 real-commit corpus):")
        print(result.output)
        print(f"({seconds:.1f} s)")
    assert result.exit_code == 0, result.output
    assert "firings unlabelled" in result.output
    for family in corpus.INTEGRITY_METRICS + tuple(corpus.banned.CATEGORIES):
        assert family in result.output


def _copy(tmp_path, keep: int):
    """A copy of the corpus holding its first `keep` commits of the first project."""
    recipe = tomllib.loads((ROOT / "recipe.toml").read_text())
    project = recipe["project"][0]["name"]
    data = lzma.decompress((ROOT / f"{project}.jsonl.xz").read_bytes()).decode().splitlines()[:keep]
    keep_ids = {line.split('"commit": "', 1)[1][:40] for line in data}
    out = tmp_path / "corpus"
    out.mkdir()
    (out / f"{project}.jsonl.xz").write_bytes(lzma.compress(("\n".join(data) + "\n").encode()))
    text = (ROOT / "recipe.toml").read_text()
    head, *blocks = text.split("\n[[")
    kept = [b for b in blocks if b.startswith("project]]") and f'name = "{project}"' in b]
    kept += [b for b in blocks if b.startswith("commit]]") and any(f'commit = "{c}"' in b for c in keep_ids)]
    (out / "recipe.toml").write_text(head + "".join("\n[[" + b for b in kept))
    return out, keep_ids


def test_firings_without_labels_are_unlabelled_never_true_positives(tmp_path):
    commits = corpus.load_corpus()
    firings = [f for item in commits[:10] for f in corpus.score_commit(item)]
    assert firings, "the first 10 commits fire nothing: pick a sample that does"
    report = corpus.evaluate(commits[:10], firings, {})
    assert len(report.unlabelled) == len(firings)
    assert all(row.tp == row.fp == 0 and row.precision is None for row in report.rows)
    assert report.fp_rate.value is None and report.fp_rate.undetermined == report.fp_rate.fired
    assert "unlabelled (not measured)" in "; ".join(report.failures())


def test_a_label_stub_must_be_filled_in_before_the_corpus_loads(tmp_path):
    out, keep_ids = _copy(tmp_path, keep=1)
    firing = corpus.Firing(sorted(keep_ids)[0], "banned", "debug_output", "a.py", 'print("x")', 0, "T201", 3)
    (out / "labels.toml").write_text(corpus.label_stub(firing))
    with pytest.raises(corpus.CorpusError, match="TP/FP"):
        corpus.load_labels(out)
    (out / "labels.toml").write_text(corpus.label_stub(firing).replace('"?"', '"FP"', 1).replace('"?"', '"no"'))
    assert firing.key in corpus.load_labels(out)


def test_an_integrity_label_at_another_count_no_longer_applies():
    commits = corpus.load_corpus()
    firing = corpus.Firing(commits[0].commit, "integrity", "test_ids_lost", count=2)
    labelled_at_one = corpus.Firing(commits[0].commit, "integrity", "test_ids_lost", count=1)
    label = corpus.Label(labelled_at_one.key, "FP", "no", "")
    report = corpus.evaluate(commits[:1], [firing], {label.key: label})
    assert report.unlabelled == [firing] and report.retired == [label]


def test_a_label_whose_firing_is_gone_is_retired():
    commits = corpus.load_corpus()
    key = ("banned", commits[0].commit, "a.py", "debug_output", "print(x)", 0)
    report = corpus.evaluate(commits[:1], [], {key: corpus.Label(key, "FP", "no", "")})
    assert [label.key for label in report.retired] == [key]


@pytest.mark.parametrize(
    "damage",
    ["digest", "missing-data", "unlisted-commit", "bad-label"],
)
def test_a_corrupt_corpus_exits_2(tmp_path, damage):
    out, keep_ids = _copy(tmp_path, keep=2)
    recipe = out / "recipe.toml"
    if damage == "digest":
        text = recipe.read_text()
        start = text.index('patch_sha256 = "') + len('patch_sha256 = "')
        recipe.write_text(text[:start] + "0" * 64 + text[start + 64 :])
    elif damage == "missing-data":
        next(out.glob("*.jsonl.xz")).unlink()
    elif damage == "unlisted-commit":
        text = recipe.read_text()
        first = sorted(keep_ids)[0]
        recipe.write_text(text.replace(f'commit = "{first}"', f'commit = "{"f" * 40}"'))
    else:
        (out / "labels.toml").write_text(
            f'[[banned]]\ncommit = "{sorted(keep_ids)[0]}"\nfile = "a.py"\nfamily = "debug_output"\n'
            'text = "print(x)"\nlabel = "maybe"\npractice = "no"\n'
        )
    result = CliRunner().invoke(app, ["score-selftest", "--corpus", "real", "--fixtures", str(out)])
    assert result.exit_code == 2, result.output
    assert "corrupt corpus" in result.output


def test_check_fails_while_firings_are_unlabelled(tmp_path):
    out, _ = _copy(tmp_path, keep=10)  # the copy carries no labels.toml
    result = CliRunner().invoke(app, ["score-selftest", "--corpus", "real", "--fixtures", str(out), "--check"])
    assert "0 firings unlabelled" not in result.output, "the sample fires nothing: pick one that does"
    assert result.exit_code == 1, result.output
    assert "targets not met" in result.output
