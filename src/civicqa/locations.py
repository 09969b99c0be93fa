"""Which pack files civicqa answers from, when no `--knowledge` option names them.

    packs_in_use(named, variables) -> InUse(paths, origin)

In this order, the first that names any packs wins:

1. `--knowledge PATH` (repeatable), for one command;
2. the CIVICQA_KNOWLEDGE environment variable: pack files or folders of them, separated by
   the platform's path separator (`:`, or `;` on Windows);
3. `knowledge = ["...", ...]` in the settings file, $XDG_CONFIG_HOME/civicqa/config.toml
   (else ~/.config/civicqa/config.toml); relative paths are read from the file's own folder;
4. the `*.toml` packs in the user pack folder (user_pack_dir);
5. the packs that ship with civicqa.

The kiosk's own `knowledge` setting (kiosk.toml) comes between 1 and 2 for the kiosk only.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import NamedTuple

from civicqa.errors import CivicqaError, sanitize
from civicqa.knowledge import shipped_packs
from civicqa.small_files import read_small_file

VARIABLE = "CIVICQA_KNOWLEDGE"


class InUse(NamedTuple):
    paths: list[Path]
    origin: str  # where they were named, in words: "the CIVICQA_KNOWLEDGE variable"
    shipped: bool = False  # nothing named any: the packs that ship with civicqa (all languages)


def user_pack_dir(variables: dict[str, str] | None = None) -> Path:
    """Where a librarian's own packs live: $XDG_DATA_HOME/civicqa/packs (else
    ~/.local/share/civicqa/packs); ~/Library/Application Support/civicqa/packs on macOS;
    %APPDATA%\\civicqa\\packs on Windows."""
    variables = os.environ if variables is None else variables
    home = Path(variables.get("HOME") or os.path.expanduser("~"))
    if sys.platform == "win32" and variables.get("APPDATA"):
        return Path(variables["APPDATA"]) / "civicqa" / "packs"
    if sys.platform == "darwin" and not variables.get("XDG_DATA_HOME"):
        return home / "Library" / "Application Support" / "civicqa" / "packs"
    base = Path(variables["XDG_DATA_HOME"]) if variables.get("XDG_DATA_HOME") else home / ".local" / "share"
    return base / "civicqa" / "packs"


def settings_path(variables: dict[str, str] | None = None) -> Path:
    """$XDG_CONFIG_HOME/civicqa/config.toml, else ~/.config/civicqa/config.toml."""
    variables = os.environ if variables is None else variables
    home = Path(variables.get("HOME") or os.path.expanduser("~"))
    base = Path(variables["XDG_CONFIG_HOME"]) if variables.get("XDG_CONFIG_HOME") else home / ".config"
    return base / "civicqa" / "config.toml"


def packs_in_use(named: list[Path] | None = None, variables: dict[str, str] | None = None,
                 kiosk: list[Path] | None = None) -> InUse:
    variables = os.environ if variables is None else variables
    if named:  # a folder stands for the packs in it; a missing file is reported when it is read
        return InUse([p for path in named for p in (sorted(path.glob("*.toml")) or [path] if path.is_dir() else [path])],
                     "the --knowledge option")
    if kiosk:
        where = "the kiosk settings"
        return InUse(_expand(kiosk, where, "Fix the `knowledge` setting in the kiosk settings file"), where)
    listed = variables.get(VARIABLE, "")
    if listed.strip():
        where = f"the {VARIABLE} variable"
        return InUse(_expand([Path(p).expanduser() for p in listed.split(os.pathsep) if p.strip()], where,
                             f"Fix or unset {VARIABLE}"), where)
    settings = settings_path(variables)
    configured = read_knowledge_setting(settings)
    if configured:
        where = f"the settings file {settings}"
        return InUse(_expand(configured, where, f"Fix the `knowledge` setting in {settings}"), where)
    own = sorted(user_pack_dir(variables).glob("*.toml"))
    if own:
        return InUse(own, "your pack folder")
    return InUse(shipped_packs(), "civicqa itself (the shipped packs)", shipped=True)


def read_knowledge_setting(path: Path) -> list[Path]:
    """The `knowledge` list of a settings file, its relative paths read from the file's folder;
    [] when the file or the setting is missing."""
    value = _settings(path).get("knowledge", [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise CivicqaError(f"`knowledge` in {sanitize(str(path))} should be a list of pack file paths",
                           'Write it as: knowledge = ["~/packs/my-town.toml"]')
    named = [Path(v).expanduser() for v in value]
    return [p if p.is_absolute() else path.parent / p for p in named]


def default_language(variables: dict[str, str] | None = None) -> str | None:
    """`language = "es"` in the settings file: the language a question with no clear language of
    its own is answered in, and the one chat starts in (None: the packs' first language)."""
    path = settings_path(variables)
    value = _settings(path).get("language")
    if value is None:
        return None
    code = value.split("-")[0].strip().lower() if isinstance(value, str) else ""
    if not code.isalpha():
        raise CivicqaError(f"`language` in {sanitize(str(path))} should be a language code such as \"es\"",
                           'Write it as: language = "es"')
    return code


def _settings(path: Path) -> dict:
    """The settings file's values; {} when there is none."""
    try:
        raw, _ = read_small_file(path, "civicqa's settings")
    except FileNotFoundError:
        return {}
    except OSError as error:
        raise CivicqaError(f"cannot read the settings file {sanitize(str(path))}: {error.strerror or error}",
                           "Check that this account can read it, or remove it") from None
    import tomllib  # only when there is a settings file

    try:
        return tomllib.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError) as error:
        raise CivicqaError(f"the settings file {sanitize(str(path))} is not valid TOML ({sanitize(str(error))})",
                           'Write the settings as: knowledge = ["~/packs/my-town.toml"] and language = "es"') from None


def _expand(paths: list[Path], where: str, hint: str) -> list[Path]:
    """Pack files, with each folder replaced by the .toml files in it."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            inside = sorted(path.glob("*.toml"))
            if not inside:
                raise CivicqaError(f"{where} names the folder {sanitize(str(path))}, which holds no .toml pack",
                                   hint)
            found.extend(inside)
        elif not path.exists():
            raise CivicqaError(f"{where} names {sanitize(str(path))}, which does not exist", hint)
        else:
            found.append(path)
    return found
