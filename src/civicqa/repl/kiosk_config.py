"""The kiosk's settings file, its staff passphrase, the wait after a wrong one, and the counts.

The settings live in a small TOML file, by default $XDG_CONFIG_HOME/civicqa/kiosk.toml (else
~/.config/civicqa/kiosk.toml). `civicqa kiosk --set-passphrase` writes it; a librarian may edit
the [kiosk] settings by hand. It holds no plain passphrase, only a salted scrypt hash:

    [kiosk]
    idle_timeout = 120
    plain = false
    counts = "/var/lib/civicqa/counts.json"

    [passphrase]
    algorithm = "scrypt"
    n = 131072
    r = 8
    p = 1
    salt = "9f2c..."   # 16 random bytes, hex
    hash = "4b1e..."   # 32 bytes, hex

Nothing here ever holds what a patron types. The counts file holds three numbers.
This module does not import prompt-toolkit: --set-passphrase and the start-up checks run without it.
`--set-passphrase` edits the file in place with tomlkit, imported only then, so a librarian's
comments and layout stay.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import secrets
import stat
import tempfile
import time
import traceback
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

from civicqa.errors import CivicqaError
from civicqa.render import sanitize
from civicqa.small_files import read_small_file

# scrypt at the OWASP-recommended cost: 128 MiB of memory and about half a second per check,
# so each guess at a stolen file is slow, yet a librarian barely notices the wait.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**17, 8, 1
SALT_BYTES, HASH_BYTES = 16, 32
MAX_SCRYPT_N = 2**20  # a settings file cannot make a check take gigabytes of memory
MIN_PASSPHRASE = 8  # characters
DEFAULT_IDLE_TIMEOUT = 120.0  # seconds
MIN_IDLE_TIMEOUT = 1.0
# After a wrong passphrase the kiosk waits 2 s, then 4, 8, 16, 32 and at most 60 s.
FIRST_WAIT, MAX_WAIT = 2.0, 60.0
SETTINGS = ("idle_timeout", "plain", "counts", "error_log", "knowledge", "language")
# The error log is rotated: at 1 MB it becomes kiosk-errors.log.1 (then .2, .3), and the oldest goes.
ERROR_LOG_BYTES, ERROR_LOG_BACKUPS = 1_000_000, 3
BOM = b"\xef\xbb\xbf"  # older Notepad starts a UTF-8 file with it
SET_HINT = "Set one with: civicqa kiosk --set-passphrase"


def config_path(variables: dict[str, str] | None = None) -> Path:
    """$XDG_CONFIG_HOME/civicqa/kiosk.toml, else ~/.config/civicqa/kiosk.toml."""
    variables = os.environ if variables is None else variables
    base = variables.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    return Path(base) / "civicqa" / "kiosk.toml"


# -- the passphrase -----------------------------------------------------------------------------


@dataclass(frozen=True)
class PassphraseHash:
    """A salted scrypt hash of the staff passphrase, with the parameters that made it."""

    salt: bytes
    hash: bytes
    n: int = SCRYPT_N
    r: int = SCRYPT_R
    p: int = SCRYPT_P
    algorithm: str = "scrypt"

    @classmethod
    def of(cls, passphrase: str, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P) -> PassphraseHash:
        salt = secrets.token_bytes(SALT_BYTES)
        return cls(salt, _scrypt(passphrase, salt, n, r, p), n, r, p)

    def matches(self, passphrase: str) -> bool:
        return hmac.compare_digest(_scrypt(passphrase, self.salt, self.n, self.r, self.p), self.hash)


def _scrypt(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    # The same passphrase typed with composed or decomposed accents gives the same hash.
    secret = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    maxmem = 128 * r * (n + p + 2) + 2**20  # what OpenSSL needs, plus room
    return hashlib.scrypt(secret, salt=salt, n=n, r=r, p=p, maxmem=maxmem, dklen=HASH_BYTES)


class RateLimiter:
    """How long to wait after each wrong passphrase: twice as long each time, up to a minute."""

    def __init__(self, first: float = FIRST_WAIT, most: float = MAX_WAIT) -> None:
        self.first, self.most = first, most
        self.failures = 0

    def failed(self) -> float:
        """Count a wrong passphrase; return the seconds to wait before the next try."""
        self.failures += 1
        return min(self.first * 2 ** (self.failures - 1), self.most)

    def succeeded(self) -> None:
        self.failures = 0


# -- the settings file ----------------------------------------------------------------------------


@dataclass(frozen=True)
class KioskConfig:
    path: Path
    passphrase: PassphraseHash | None = None
    idle_timeout: float | None = None
    plain: bool | None = None
    counts: Path | None = None
    error_log: Path | None = None
    knowledge: tuple[Path, ...] = ()  # the packs the kiosk answers from, before any other setting
    language: str | None = None  # the language each patron is welcomed in (None: the packs')


def load_config(path: Path) -> KioskConfig:
    """Read the settings file; a missing file is an empty configuration."""
    import tomllib

    path = path.expanduser()
    try:
        raw, status = read_small_file(path, "the kiosk settings")
        data = tomllib.loads(raw.removeprefix(BOM).decode("utf-8"))
    except FileNotFoundError:
        return KioskConfig(path)
    except tomllib.TOMLDecodeError as error:
        raise _problem(path, f"is not valid TOML ({error})") from None
    except RecursionError:
        raise _problem(path, "is not valid TOML (lists or tables nested too deeply)") from None
    except (OSError, UnicodeDecodeError) as error:
        raise CivicqaError(f"cannot read the kiosk settings {_shown(path)}: "
                           f"{sanitize(getattr(error, 'strerror', None) or str(error))}.",
                           "Check that the file exists and that this account can read it.") from None
    check_safe(path, status)
    unknown = set(data) - {"kiosk", "passphrase"}
    if unknown:
        raise _problem(path, f"has an unknown section [{sanitize(sorted(unknown)[0])}]",
                       "The sections are [kiosk] and [passphrase].")
    kiosk = data.get("kiosk", {})
    unknown = set(kiosk) - set(SETTINGS)
    if unknown:
        raise _problem(path, f"has an unknown setting {sanitize(sorted(unknown)[0])!r} in [kiosk]",
                       f"The settings are: {', '.join(SETTINGS)}. See docs/kiosk.md.")
    return KioskConfig(
        path=path,
        passphrase=_passphrase(path, data["passphrase"]) if "passphrase" in data else None,
        idle_timeout=_idle_timeout(path, kiosk["idle_timeout"]) if "idle_timeout" in kiosk else None,
        plain=_boolean(path, "plain", kiosk["plain"]) if "plain" in kiosk else None,
        counts=_path(path, "counts", kiosk["counts"]) if "counts" in kiosk else None,
        error_log=_path(path, "error_log", kiosk["error_log"]) if "error_log" in kiosk else None,
        knowledge=_paths(path, "knowledge", kiosk["knowledge"]) if "knowledge" in kiosk else (),
        language=_code(path, kiosk["language"]) if "language" in kiosk else None,
    )


def check_safe(path: Path, status: os.stat_result | None = None) -> None:
    """Refuse a settings file that another account could change, as ssh does for its keys.

    Whoever can change the file can replace the passphrase: so it must belong to this account or
    to root and be writable by its owner only, and so must every folder above it, unless the
    folder has the sticky bit (like /tmp), where nobody can replace another account's file.
    """
    status = status or path.stat()
    trusted = {os.geteuid(), 0}
    if status.st_uid not in trusted:
        raise CivicqaError(f"the kiosk settings {_shown(path)} belong to another account ({_owner(status.st_uid)}), "
                           "which could change the passphrase.",
                           f"Give it to this account or to root, for example: sudo chown root {path}")
    if status.st_mode & (stat.S_IWGRP | stat.S_IWOTH):  # anyone else could replace the passphrase
        raise CivicqaError(f"the kiosk settings {_shown(path)} can be changed by other accounts.",
                           f"Make it writable by its owner only: chmod go-w {path}")
    folder = path.absolute().parent
    for place in (folder, *folder.parents):
        try:
            info = place.stat()
        except OSError:
            continue
        if info.st_uid not in trusted:
            raise CivicqaError(f"the kiosk settings {_shown(path)} are in the folder {_shown(place)}, which belongs "
                               f"to another account ({_owner(info.st_uid)}) that could replace the file.",
                               "Keep the settings in a folder owned by this account or by root, such as /etc/civicqa.")
        if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH) and not info.st_mode & stat.S_ISVTX:
            raise CivicqaError(f"the kiosk settings {_shown(path)} are in the folder {_shown(place)}, which other "
                               "accounts can change, so they could replace the file.",
                               f"Make the folder writable by its owner only: chmod go-w {place}")


def _owner(uid: int) -> str:
    try:
        import pwd

        return sanitize(pwd.getpwuid(uid).pw_name)
    except (ImportError, KeyError):
        return f"user {uid}"


def check_idle_timeout(seconds: float) -> float:
    if not MIN_IDLE_TIMEOUT <= seconds <= 86_400:
        raise CivicqaError(f"the idle timeout must be between {MIN_IDLE_TIMEOUT:g} second and a day "
                           f"(86400 seconds), not {seconds:g}.",
                           "Give the number of seconds, for example: --idle-timeout 120")
    return float(seconds)


def _idle_timeout(path: Path, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _problem(path, "has idle_timeout that is not a number of seconds", "For example: idle_timeout = 120")
    try:
        return check_idle_timeout(value)
    except CivicqaError as error:
        raise _problem(path, f"has {error.message.rstrip('.')}", error.hint) from None


def _boolean(path: Path, key: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise _problem(path, f"has {key} that is not true or false", f"For example: {key} = true")
    return value


def _path(path: Path, key: str, value: object) -> Path:
    if not isinstance(value, str) or not value.strip():
        raise _problem(path, f"has {key} that is not a file name", f'For example: {key} = "/var/lib/civicqa/{key}.json"')
    named = Path(value).expanduser()
    return named if named.is_absolute() else path.parent / named  # relative to the settings file


def _code(path: Path, value: object) -> str:
    code = value.split("-")[0].strip().lower() if isinstance(value, str) else ""
    if not code.isalpha():
        raise _problem(path, "has language that is not a language code", 'For example: language = "es"')
    return code


def _paths(path: Path, key: str, value: object) -> tuple[Path, ...]:
    """A list of file names (or one), each relative to the settings file unless absolute."""
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not values:
        raise _problem(path, f"has {key} that is not a list of pack files",
                       f'For example: {key} = ["/srv/civicqa/my-town.toml"]')
    return tuple(_path(path, key, v) for v in values)


def _passphrase(path: Path, table: object) -> PassphraseHash:
    """The [passphrase] section, checked with real tests (never assert: python -O drops those)."""
    def unusable(what: str) -> CivicqaError:
        return _problem(path, f"has a [passphrase] section that civicqa cannot use ({what})",
                        "Set the passphrase again with: civicqa kiosk --set-passphrase")

    if not isinstance(table, dict):
        raise unusable("it is not a table")
    if table.get("algorithm") != "scrypt":
        raise unusable("the algorithm must be scrypt")
    for key in ("n", "r", "p", "salt", "hash"):
        if key not in table:
            raise unusable(f"{key} is missing")
    n, r, p = table["n"], table["r"], table["p"]
    if not all(type(value) is int for value in (n, r, p)):
        raise unusable("n, r and p must be whole numbers")
    if not (2 <= n <= MAX_SCRYPT_N and n & (n - 1) == 0):
        raise unusable(f"n must be a power of 2 from 2 to {MAX_SCRYPT_N}")
    if not (1 <= r <= 32 and 1 <= p <= 16):
        raise unusable("r must be 1 to 32 and p 1 to 16")
    try:
        salt, digest = bytes.fromhex(table["salt"]), bytes.fromhex(table["hash"])
    except (TypeError, ValueError):
        raise unusable("salt and hash must be hexadecimal") from None
    if len(salt) < SALT_BYTES or len(digest) != HASH_BYTES:
        raise unusable(f"the salt must have at least {SALT_BYTES} bytes and the hash {HASH_BYTES}")
    return PassphraseHash(salt, digest, n, r, p)


def _problem(path: Path, message: str, hint: str = "Fix the file, or see docs/kiosk.md.") -> CivicqaError:
    return CivicqaError(f"the kiosk settings {_shown(path)} {message}.", hint)


def _shown(path: Path) -> str:
    return sanitize(str(path))


def config_text(config: KioskConfig) -> str:
    """The settings file: every setting, those not in use as comments to show how."""
    lines = ["# civicqa kiosk settings. See docs/kiosk.md.",
             "# The [kiosk] settings may be edited by hand; `civicqa kiosk --set-passphrase` changes only [passphrase].",
             "", "[kiosk]",
             "# Seconds without a key press before the kiosk starts over for the next person.",
             (f"idle_timeout = {_number(config.idle_timeout)}" if config.idle_timeout is not None
              else f"# idle_timeout = {_number(DEFAULT_IDLE_TIMEOUT)}"),
             "# true: no color, no toolbar, no pop-up menus (for screen readers).",
             f"plain = {'true' if config.plain else 'false'}" if config.plain is not None else "# plain = true",
             "# Count questions asked, answered and declined (numbers only, never the questions).",
             _optional("counts", config.counts, "/var/lib/civicqa/counts.json"),
             "# Record errors while answering (never the question) in this file.",
             _optional("error_log", config.error_log, "/var/log/civicqa/kiosk-errors.log"),
             "# The knowledge packs the kiosk answers from (default: the packs civicqa uses elsewhere).",
             (f"knowledge = {json.dumps([str(p) for p in config.knowledge], ensure_ascii=False)}" if config.knowledge
              else '# knowledge = ["/srv/civicqa/my-town.toml"]'),
             "# The language each patron is welcomed in (en, es); a question in another starts that one.",
             f'language = "{config.language}"' if config.language else '# language = "es"']
    if config.passphrase is not None:
        secret = config.passphrase
        lines += ["", "# The staff passphrase, as a salted scrypt hash. Never the passphrase itself.",
                  "[passphrase]", f'algorithm = "{secret.algorithm}"', f"n = {secret.n}", f"r = {secret.r}",
                  f"p = {secret.p}", f'salt = "{secret.salt.hex()}"', f'hash = "{secret.hash.hex()}"']
    return "\n".join(lines) + "\n"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _optional(key: str, value: Path | None, example: str) -> str:
    if value is None:
        return f"# {key} = {json.dumps(example)}"
    return f"{key} = {json.dumps(str(value), ensure_ascii=False)}"  # a JSON string is a TOML basic string


def save_config(config: KioskConfig) -> None:
    """Write the settings file from the template, atomically, readable and writable by its owner only."""
    _write_settings(config.path.expanduser(), config_text(config))


def _write_settings(path: Path, text: str) -> None:
    """Rewriting a file keeps the group and the read permissions a librarian gave it (say, root's
    file readable by the kiosk account), but never lets anyone else write to it."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        existing = path.stat()
    except FileNotFoundError:
        write_atomically(path, text, 0o600)
        return
    write_atomically(path, text, stat.S_IMODE(existing.st_mode) & 0o744, group=existing.st_gid)


def save_passphrase_hash(config: KioskConfig, secret: PassphraseHash) -> None:
    """Put a new passphrase hash in the settings file, changing nothing else in it.

    An existing file is edited in place with tomlkit, so the librarian's comments, layout and
    other settings stay; a new file is written from the template, with every setting explained.
    """
    path = config.path.expanduser()
    try:
        text = path.read_bytes().removeprefix(BOM).decode("utf-8")
    except FileNotFoundError:
        save_config(replace(config, passphrase=secret))
        return
    import tomlkit  # only here: nothing else in civicqa needs to write TOML

    document = tomlkit.parse(text)
    values = {"algorithm": secret.algorithm, "n": secret.n, "r": secret.r, "p": secret.p,
              "salt": secret.salt.hex(), "hash": secret.hash.hex()}
    table = document.get("passphrase")
    if isinstance(table, dict):  # keep the table where it is, with its comments
        for key in [k for k in table if k not in values]:
            del table[key]
        for key, value in values.items():
            table[key] = value
    else:
        table = tomlkit.table()
        table.add(tomlkit.comment("The staff passphrase, as a salted scrypt hash. Never the passphrase itself."))
        for key, value in values.items():
            table.add(key, value)
        document.add("passphrase", table)
    _write_settings(path, tomlkit.dumps(document))


def save_passphrase(path: Path, passphrase: str, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P) -> None:
    """Hash the passphrase into the settings file at path, keeping its other settings and comments."""
    config = load_config(path)
    save_passphrase_hash(config, PassphraseHash.of(passphrase, n, r, p))


def set_passphrase(path: Path, ask_secret: Callable[[str], str], ask_yes: Callable[[str], str],
                   say: Callable[[str], None], n: int = SCRYPT_N) -> None:
    """The --set-passphrase dialogue: confirm a replacement, read the passphrase twice, save.

    ask_secret reads without echo (getpass); ask_yes reads a visible answer (input).
    """
    config = load_config(path)
    if config.passphrase is not None:
        answer = ask_yes(f"A staff passphrase is already set in {_shown(path)}. Replace it? [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            say("The passphrase was not changed.")
            return
    say(f"Choose the passphrase staff will type to close the kiosk ({MIN_PASSPHRASE} characters or more).")
    first = ask_secret("New staff passphrase: ")
    if len(first.strip()) < MIN_PASSPHRASE:
        raise CivicqaError(f"the passphrase must have at least {MIN_PASSPHRASE} characters.",
                           "Run civicqa kiosk --set-passphrase again with a longer one.")
    if any(unicodedata.category(char) == "Cc" for char in first):
        # The kiosk's prompt never takes Esc, Ctrl-A or a paste mark as text: staff could never type it.
        raise CivicqaError("the passphrase has a control character (such as Esc, Tab or Ctrl-A), which "
                           "the kiosk's passphrase prompt does not take, so nothing was changed.",
                           "Run civicqa kiosk --set-passphrase again with letters, digits, spaces and "
                           "punctuation only.")
    if ask_secret("Type it again: ") != first:
        raise CivicqaError("the two passphrases were not the same, so nothing was changed.",
                           "Run civicqa kiosk --set-passphrase again.")
    save_passphrase_hash(config, PassphraseHash.of(first, n))
    say(f"Saved the staff passphrase (as a salted hash) in {_shown(path)}.")
    say("Start the kiosk with: civicqa kiosk")


# -- what the kiosk runs with ---------------------------------------------------------------------


@dataclass
class KioskSettings:
    passphrase: PassphraseHash
    idle_timeout: float = DEFAULT_IDLE_TIMEOUT
    plain: bool = False
    counts: Path | None = None  # the counts file, when counting is on
    error_log: Path | None = None  # where errors while answering are logged; else stderr
    knowledge: tuple[Path, ...] = ()  # the kiosk's own packs, when its settings name them
    language: str | None = None  # the kiosk's welcome language, when its settings name one
    limiter: RateLimiter = field(default_factory=RateLimiter)


def kiosk_settings(path: Path, idle_timeout: float | None = None, plain: bool = False,
                   counts: Path | None = None) -> KioskSettings:
    """The settings file with the command line's options on top; refuse without a passphrase."""
    config = load_config(path)
    if config.passphrase is None:
        where = "" if path == config_path() else f" --config {path}"
        raise CivicqaError(f"no staff passphrase is set in {_shown(path)}, so staff could not close the kiosk.",
                           f"{SET_HINT}{where}")
    timeout = idle_timeout if idle_timeout is not None else config.idle_timeout
    return KioskSettings(
        passphrase=config.passphrase,
        idle_timeout=check_idle_timeout(timeout if timeout is not None else DEFAULT_IDLE_TIMEOUT),
        plain=plain or bool(config.plain),
        counts=counts.expanduser() if counts is not None else config.counts,
        error_log=config.error_log,
        knowledge=config.knowledge,
        language=config.language,
    )


# -- counts and the error log ---------------------------------------------------------------------


class Counts:
    """How many questions were asked, answered and declined: three numbers, never the questions."""

    KEYS = ("asked", "answered", "declined")

    def __init__(self, path: Path) -> None:
        self.path = path.expanduser()
        self.values = dict.fromkeys(self.KEYS, 0)
        try:
            data = json.loads(read_small_file(self.path, "the counts file")[0].decode("utf-8"))
        except FileNotFoundError:
            data = {}
        except RecursionError:  # [[[[... nested too deeply for the parser
            data = None
        except (OSError, ValueError) as error:
            raise CivicqaError(f"cannot use {_shown(self.path)} as the counts file: "
                               f"{sanitize(getattr(error, 'strerror', None) or str(error))}.",
                               "Name a new file, or fix or remove this one.") from None
        if not isinstance(data, dict) or not all(isinstance(data.get(k, 0), int) for k in self.KEYS):
            raise CivicqaError(f"{_shown(self.path)} is not a civicqa counts file.",
                               "Name a new file, or remove this one.")
        self.values.update({k: data[k] for k in self.KEYS if k in data})
        self.save()  # fail now, at start, if the file cannot be written, not in front of a patron

    def record(self, answered: bool | None) -> None:
        """One question: answered True, declined False, or None when it failed."""
        self.values["asked"] += 1
        if answered is not None:
            self.values["answered" if answered else "declined"] += 1
        self.save()

    def save(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(self.path, json.dumps(self.values) + "\n", 0o644)
        except OSError as error:
            raise CivicqaError(f"cannot write the counts file {_shown(self.path)}: "
                               f"{sanitize(error.strerror or str(error))}.",
                               "Name a file in a folder this account can write to.") from None


def error_line(error: BaseException, during: str = "while answering", now: float | None = None) -> str:
    """One line about an error while answering: its type and where, never its message.

    The message is left out because it could quote the question.
    """
    stamp = time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(now))
    frames = traceback.extract_tb(error.__traceback__)[-3:]
    where = " < ".join(f"{Path(f.filename).name}:{f.lineno} in {f.name}" for f in reversed(frames))
    return f"{stamp} error {during}: {type(error).__name__}" + (f" at {where}" if where else "")


class ErrorLog:
    """The kiosk's error log: one line per error (never a question), rotated by size.

    At ERROR_LOG_BYTES the file is renamed FILE.1 (FILE.1 becomes FILE.2, and so on) and the
    oldest of ERROR_LOG_BACKUPS is removed, so the log never fills the disk.
    """

    def __init__(self, path: Path, size: int = ERROR_LOG_BYTES, backups: int = ERROR_LOG_BACKUPS) -> None:
        self.path, self.size, self.backups = path.expanduser(), size, backups
        self._logger = None

    def write(self, line: str) -> None:
        if self._logger is None:
            self._logger = self._open()
        self._logger.error("%s", line)
        for handler in self._logger.handlers:
            if getattr(handler, "error_seen", None):
                error, handler.error_seen = handler.error_seen, None
                raise error

    def _open(self):
        import logging
        from logging.handlers import RotatingFileHandler

        class Handler(RotatingFileHandler):
            error_seen: BaseException | None = None

            def _open(self):
                descriptor = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
                return os.fdopen(descriptor, self.mode, encoding=self.encoding)

            def handleError(self, record) -> None:  # say so to the caller, never print a traceback
                import sys

                self.error_seen = sys.exc_info()[1]

        self.path.parent.mkdir(parents=True, exist_ok=True)
        logger = logging.Logger(f"civicqa.kiosk.errors.{self.path}")  # not registered: no global state
        handler = Handler(self.path, maxBytes=self.size, backupCount=self.backups, encoding="utf-8", delay=True)
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
        logger.propagate = False
        return logger

    def close(self) -> None:
        if self._logger is not None:
            for handler in self._logger.handlers:
                handler.close()


def append_line(path: Path, line: str) -> None:
    """One line in a rotated error log (see ErrorLog)."""
    log = ErrorLog(path)
    try:
        log.write(line)
    finally:
        log.close()


def write_atomically(path: Path, text: str, mode: int, group: int | None = None) -> None:
    """Write to a temporary file beside path, then rename it over path: never half a file."""
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        if group is not None:
            with contextlib.suppress(OSError):  # only root or a member of the group may
                os.fchown(descriptor, -1, group)
        os.fchmod(descriptor, mode)
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
