"""Where packs live: --knowledge, CIVICQA_KNOWLEDGE, the settings file, the user pack folder,
the shipped packs, in that order; and the kiosk's own `knowledge` setting."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from civicqa import locations
from civicqa.cli import app
from civicqa.errors import CivicqaError
from civicqa.knowledge import shipped_packs
from civicqa.repl import kiosk_config
from civicqa.status import ExitStatus

DATA = Path(__file__).parent / "data"
runner = CliRunner()


@pytest.fixture
def variables(isolated_home) -> dict[str, str]:
    return {"HOME": str(isolated_home), "XDG_CONFIG_HOME": str(isolated_home / ".config"),
            "XDG_DATA_HOME": str(isolated_home / ".local" / "share")}


def own_pack(variables) -> Path:
    folder = locations.user_pack_dir(variables)
    folder.mkdir(parents=True)
    return Path(shutil.copy(DATA / "mini.toml", folder / "mine.toml"))


def test_with_nothing_set_the_shipped_packs_are_used(variables):
    assert locations.packs_in_use(None, variables) == (shipped_packs(), "civicqa itself (the shipped packs)", True)


def test_the_user_pack_folder_comes_before_the_shipped_packs(variables):
    mine = own_pack(variables)
    assert locations.user_pack_dir(variables) == Path(variables["XDG_DATA_HOME"]) / "civicqa" / "packs"
    assert locations.packs_in_use(None, variables).paths == [mine]


def test_the_settings_file_comes_before_the_folder_and_reads_paths_from_its_own_folder(variables, tmp_path):
    own_pack(variables)
    settings = locations.settings_path(variables)
    settings.parent.mkdir(parents=True)
    shutil.copy(DATA / "mini.toml", settings.parent / "town.toml")
    settings.write_text('knowledge = ["town.toml"]\n', encoding="utf-8")
    in_use = locations.packs_in_use(None, variables)
    assert in_use.paths == [settings.parent / "town.toml"] and "settings file" in in_use.origin


def test_the_variable_comes_before_the_settings_and_may_name_folders(variables, tmp_path):
    settings = locations.settings_path(variables)
    settings.parent.mkdir(parents=True)
    shutil.copy(DATA / "mini.toml", settings.parent / "town.toml")
    settings.write_text('knowledge = ["town.toml"]\n', encoding="utf-8")
    folder = tmp_path / "packs"
    folder.mkdir()
    shutil.copy(DATA / "mini.toml", folder / "a.toml")
    variables["CIVICQA_KNOWLEDGE"] = str(folder)
    assert locations.packs_in_use(None, variables).paths == [folder / "a.toml"]
    assert locations.packs_in_use([DATA / "mini.toml"], variables).paths == [DATA / "mini.toml"]
    assert locations.packs_in_use([folder], variables).paths == [folder / "a.toml"]  # -k FOLDER too
    kiosk = [settings.parent / "town.toml"]
    assert locations.packs_in_use(None, variables, kiosk)[:2] == (kiosk, "the kiosk settings")


def test_a_settings_file_that_is_not_a_regular_file_is_refused_not_read(variables):
    import os

    settings = locations.settings_path(variables)
    settings.parent.mkdir(parents=True)
    os.mkfifo(settings)  # reading it would wait for a writer forever
    with pytest.raises(CivicqaError, match="not a regular file"):
        locations.packs_in_use(None, variables)


@pytest.mark.parametrize("setting, words", [
    ("/no/such/pack.toml", "does not exist"),
    ("EMPTY", "holds no .toml pack"),
])
def test_a_setting_that_names_nothing_usable_says_what_to_fix(variables, tmp_path, setting, words):
    if setting == "EMPTY":
        setting = str(tmp_path)
    variables["CIVICQA_KNOWLEDGE"] = setting
    with pytest.raises(CivicqaError) as caught:
        locations.packs_in_use(None, variables)
    assert words in caught.value.message and "CIVICQA_KNOWLEDGE" in caught.value.hint


def test_a_bad_settings_file_is_reported_not_a_traceback(variables):
    settings = locations.settings_path(variables)
    settings.parent.mkdir(parents=True)
    settings.write_text("knowledge = 3\n", encoding="utf-8")
    with pytest.raises(CivicqaError, match="should be a list"):
        locations.packs_in_use(None, variables)
    settings.write_text("knowledge = [\n", encoding="utf-8")
    with pytest.raises(CivicqaError, match="not valid TOML"):
        locations.packs_in_use(None, variables)


def test_ask_and_check_use_the_librarians_pack_with_no_flags(variables):
    own_pack(variables)
    answered = runner.invoke(app, ["ask", "What is the bike lane plan?"], env=variables)
    assert answered.exit_code == ExitStatus.OK and "bike lanes on Main Street" in answered.stdout
    checked = runner.invoke(app, ["check"], env=variables)
    assert "mine.toml: OK, pack 'mini'" in checked.stdout
    listed = runner.invoke(app, ["sources"], env=variables)
    assert "These packs come from your pack folder." in " ".join(listed.stdout.split())


def test_the_kiosk_has_its_own_knowledge_setting(tmp_path):
    path = tmp_path / "kiosk.toml"
    other = tmp_path / "elsewhere" / "other.toml"
    other.parent.mkdir()
    for pack in (tmp_path / "town.toml", other):
        shutil.copy(DATA / "mini.toml", pack)
    path.write_text(f'[kiosk]\nknowledge = ["town.toml", "{other}"]\n', encoding="utf-8")
    path.chmod(0o600)
    config = kiosk_config.load_config(path)
    assert config.knowledge == (tmp_path / "town.toml", other)
    assert 'knowledge = ["' in kiosk_config.config_text(config)
    in_use = locations.packs_in_use(None, {}, list(config.knowledge))
    assert in_use[:2] == ([tmp_path / "town.toml", other], "the kiosk settings")
    path.write_text("[kiosk]\nknowledge = 3\n", encoding="utf-8")
    with pytest.raises(CivicqaError, match="not a list of pack files"):
        kiosk_config.load_config(path)
