"""The pack format's one definition (civicqa.pack_format), the validator and the JSON Schema
for editors (docs/pack.schema.json) stay in step."""

from __future__ import annotations

import datetime as dt
import glob
import json
import tomllib
from pathlib import Path

import pytest

from civicqa import pack_format
from civicqa.errors import PackError
from civicqa.knowledge import load_pack

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data"
jsonschema = pytest.importorskip("jsonschema")


def test_the_schema_file_is_the_one_generated_from_the_definition():
    written = json.loads((ROOT / "docs" / "pack.schema.json").read_text(encoding="utf-8"))
    assert written == pack_format.json_schema(), (
        "regenerate it: python -c \"import json; from civicqa.pack_format import json_schema; "
        "print(json.dumps(json_schema(), indent=2, ensure_ascii=False))\" > docs/pack.schema.json")


def _as_json(value):
    """TOML values as an editor's schema check sees them: dates as ISO text."""
    if isinstance(value, dict):
        return {k: _as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_json(v) for v in value]
    return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else value


PACKS = [ROOT / "knowledge" / "willmar-287g.toml", DATA / "mini.toml",
         *map(Path, sorted(glob.glob(str(ROOT / "tests" / "packs" / "*" / "pack.toml"))))]


@pytest.mark.parametrize("path", PACKS, ids=lambda p: p.parent.name + "/" + p.name)
def test_every_valid_pack_passes_the_schema(path):
    load_pack(path)  # valid for civicqa
    data = _as_json(tomllib.loads(path.read_text(encoding="utf-8")))
    jsonschema.Draft4Validator(pack_format.json_schema()).validate(data)


@pytest.mark.parametrize("block", ["pack", "sources", "entries"])
def test_the_validator_and_the_schema_agree_on_every_required_and_unknown_key(tmp_path, block):
    """Leaving out a key the definition requires is a problem for both; leaving out an optional
    one is none; a key the definition lacks is refused by both."""
    base = tomllib.loads((DATA / "mini.toml").read_text(encoding="utf-8"))
    schema = pack_format.json_schema()
    for key, field in pack_format.BLOCKS[block].items():
        data = json.loads(json.dumps(_as_json(base)))
        table = data[block][0] if block in pack_format.ARRAY_BLOCKS else data[block]
        if key not in table:
            continue
        del table[key]
        missing = _problems(tmp_path, data)
        said = any(f"missing `{key}`" in p for p in missing)
        schema_ok = jsonschema.Draft4Validator(schema).is_valid(data)
        assert said == field.required and schema_ok == (not field.required), (block, key, missing)
    data = json.loads(json.dumps(_as_json(base)))
    (data[block][0] if block in pack_format.ARRAY_BLOCKS else data[block])["colour"] = "red"
    assert any("unknown key `colour`" in p for p in _problems(tmp_path, data))
    assert not jsonschema.Draft4Validator(schema).is_valid(data)


def _problems(tmp_path: Path, data: dict) -> list[str]:
    import tomlkit

    path = tmp_path / "pack.toml"
    path.write_text(tomlkit.dumps(data), encoding="utf-8")
    try:
        load_pack(path)
    except PackError as error:
        return [p.message for p in error.problems]
    return []


def test_check_prints_the_schema_for_installed_copies():
    from typer.testing import CliRunner

    from civicqa.cli import app

    result = CliRunner().invoke(app, ["check", "--schema"])
    assert result.exit_code == 0 and json.loads(result.stdout) == pack_format.json_schema()
