"""Error messages show user text literally: brackets in a CSV value or a protocol section are not Rich markup."""

from __future__ import annotations

from pathlib import Path

import pytest

from igfaxis.apps.cli.main import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "protocols"


def test_a_csv_value_with_brackets_is_shown_as_written(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    csv = tmp_path / "b.csv"
    csv.write_text("date,value,unit\n2024-10-14,[bold]98,ng/mL\n", encoding="utf-8")
    assert main(["interpret", str(csv), "--sex", "male", "--birth-date", "1970-01-01"]) == 2
    err = capsys.readouterr().err
    assert "received '[bold]98'" in err
    assert err.startswith("error: ") and "[bold red]" not in err  # our own markup still renders


def test_a_protocol_section_name_keeps_its_brackets(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (EXAMPLES / "ipamorelin.toml").read_text(encoding="utf-8")
    bad = tmp_path / "p.toml"
    bad.write_text(text.replace('route = "sc"', 'route = "sc"\nfoo = 1', 1), encoding="utf-8")
    assert main(["simulate", "--age", "45", "--sex", "male", "--days", "2", "--protocol", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "unknown key in [[dose]]" in err and "'foo'" in err


def test_protocol_names_and_output_paths_are_printed_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)  # short relative paths: the console never folds them
    text = (EXAMPLES / "ipamorelin.toml").read_text(encoding="utf-8")
    proto = tmp_path / "p.toml"
    proto.write_text(text.replace('name = "Ipamorelin 3 ug/kg at bedtime"', 'name = "[bold]Ipa[/bold] [v2]"', 1),
                     encoding="utf-8")
    png = Path("[run 1].png")
    assert main(["simulate", "--age", "45", "--sex", "male", "--days", "2", "--protocol", str(proto),
                 "--plot", str(png)]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "[bold]Ipa[/bold] [v2]" in out
    assert f"plot written to {png}" in out and png.exists()
    xml = Path("[model].xml")
    assert main(["export-sbml", "--model", "signaling", str(xml)]) == 0
    assert f"to {xml}" in " ".join(capsys.readouterr().out.split())
