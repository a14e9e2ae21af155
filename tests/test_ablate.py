"""`evalrun skill ablate` (issue 13, item 5): one variant per top-level section, that section removed."""

import hashlib
import json

from typer.testing import CliRunner

from harness import paths
from harness.ablate import ablate, sections
from harness.cli import app
from harness.conditions import frontmatter, make_conditions, read_skill

BUNDLED = paths.bundled_skill()


def test_every_variant_is_the_skill_without_exactly_one_section(tmp_path):
    text = BUNDLED.read_text()
    headings = [line[3:] for line in text.splitlines() if line.startswith("## ")]
    variants = ablate(BUNDLED, tmp_path / "out")
    assert [v.section for v in variants] == headings and len(variants) == 10
    for variant, section in zip(variants, sections(text), strict=True):
        body = (tmp_path / "out" / variant.folder / "SKILL.md").read_text()
        assert body == text[: section.start] + text[section.end :]
        assert f"## {variant.section}\n" not in body
        assert all(f"## {h}\n" in body for h in headings if h != variant.section)
        assert frontmatter(body) == frontmatter(text)  # same name: the model is not told what is missing
        assert (
            variant.sha256
            == hashlib.sha256(body.encode()).hexdigest()
            == read_skill(tmp_path / "out" / variant.folder).sha256
        )
    manifest = json.loads((tmp_path / "out" / "ablation.json").read_text())
    assert manifest["sha256"] == read_skill(BUNDLED).sha256 and len(manifest["variants"]) == 10
    # all of them and the full skill are distinct conditions of one run
    conditions = make_conditions(None, [BUNDLED] + [tmp_path / "out" / v.folder for v in variants])
    assert len({c.key for c in conditions}) == 11
    assert BUNDLED.read_bytes() == (paths.PROJECT_ROOT / "evals" / "skills" / "backend" / "SKILL.md").read_bytes()


def test_headings_in_code_fences_and_files_beside_the_skill(tmp_path):
    skill = tmp_path / "mine" / "SKILL.md"
    skill.parent.mkdir()
    skill.write_text("---\nname: mine\n---\n# mine\n\n## One\nA\n```md\n## not a section\n```\n\n## Two\nB\n")
    (skill.parent / "notes.md").write_text("extra")
    variants = ablate(skill.parent, tmp_path / "out")
    assert [v.section for v in variants] == ["One", "Two"]
    assert (tmp_path / "out" / "one" / "SKILL.md").read_text() == "---\nname: mine\n---\n# mine\n\n## Two\nB\n"
    assert (tmp_path / "out" / "two" / "SKILL.md").read_text().endswith("## not a section\n```\n\n")
    assert (tmp_path / "out" / "two" / "notes.md").read_text() == "extra"


def test_the_command_prints_the_variants_and_refuses_a_skill_without_sections(tmp_path):
    result = CliRunner().invoke(
        app, ["skill", "ablate", str(BUNDLED), "--out", str(tmp_path / "v")], env={"COLUMNS": "300"}
    )
    assert result.exit_code == 0, result.output
    assert "The contract" in result.output and "evalrun --model MODEL --skill" in result.output
    flat = tmp_path / "flat.md"
    flat.write_text("Just one paragraph.\n")
    result = CliRunner().invoke(
        app, ["skill", "ablate", str(flat), "--out", str(tmp_path / "w")], env={"COLUMNS": "300"}
    )
    assert result.exit_code == 2 and f"skill file {flat} has no `## ` section" in result.output
