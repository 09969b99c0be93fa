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
SETTINGS = ("idle_timeout", "plain", "counts", "error_log")
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


def load_config(path: Path) -> KioskConfig:
    """Read the settings file; a missing file is an empty configuration."""
    import tomllib

    path = path.expanduser()
    try:
        with open(path, "rb") as file:
            mode = os.fstat(file.fileno()).st_mode
            data = tomllib.load(file)
    except FileNotFoundError:
        return KioskConfig(path)
    except tomllib.TOMLDecodeError as error:
        raise _problem(path, f"is not valid TOML ({error})") from None
    except (OSError, UnicodeDecodeError) as error:
        raise CivicqaError(f"cannot read the kiosk settings {_shown(path)}: "
                           f"{sanitize(getattr(error, 'strerror', None) or str(error))}.",
                           "Check that the file exists and that this account can read it.") from None
    if mode & (stat.S_IWGRP | stat.S_IWOTH):  # anyone else could replace the passphrase
        raise CivicqaError(f"the kiosk settings {_shown(path)} can be changed by other accounts.",
                           f"Make it writable by its owner only: chmod go-w {path}")
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
    )


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


def _passphrase(path: Path, table: object) -> PassphraseHash:
    hint = "Set the passphrase again with: civicqa kiosk --set-passphrase"
    try:
        assert isinstance(table, dict) and table.get("algorithm") == "scrypt"
        n, r, p = (table[k] for k in ("n", "r", "p"))
        assert all(type(v) is int for v in (n, r, p))
        assert 2 <= n <= MAX_SCRYPT_N and n & (n - 1) == 0 and 1 <= r <= 32 and 1 <= p <= 16
        salt, digest = bytes.fromhex(table["salt"]), bytes.fromhex(table["hash"])
        assert len(salt) >= SALT_BYTES and len(digest) == HASH_BYTES
    except (AssertionError, KeyError, TypeError, ValueError):
        raise _problem(path, "has a [passphrase] section that civicqa cannot use", hint) from None
    return PassphraseHash(salt, digest, n, r, p)


def _problem(path: Path, message: str, hint: str = "Fix the file, or see docs/kiosk.md.") -> CivicqaError:
    return CivicqaError(f"the kiosk settings {_shown(path)} {message}.", hint)


def _shown(path: Path) -> str:
    return sanitize(str(path))


def config_text(config: KioskConfig) -> str:
    """The settings file: every setting, those not in use as comments to show how."""
    lines = ["# civicqa kiosk settings. See docs/kiosk.md.",
             "# `civicqa kiosk --set-passphrase` rewrites this file; the [kiosk] settings may be edited by hand.",
             "", "[kiosk]",
             "# Seconds without a key press before the kiosk starts over for the next person.",
             (f"idle_timeout = {_number(config.idle_timeout)}" if config.idle_timeout is not None
              else f"# idle_timeout = {_number(DEFAULT_IDLE_TIMEOUT)}"),
             "# true: no color, no toolbar, no pop-up menus (for screen readers).",
             f"plain = {'true' if config.plain else 'false'}" if config.plain is not None else "# plain = true",
             "# Count questions asked, answered and declined (numbers only, never the questions).",
             _optional("counts", config.counts, "/var/lib/civicqa/counts.json"),
             "# Record errors while answering (never the question) in this file.",
             _optional("error_log", config.error_log, "/var/log/civicqa/kiosk-errors.log")]
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
    """Write the settings file atomically, readable and writable by its owner only.

    Rewriting a file keeps the group and the read permissions a librarian gave it (say, root's
    file readable by the kiosk account), but never lets anyone else write to it.
    """
    path = config.path.expanduser()
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        existing = path.stat()
    except FileNotFoundError:
        write_atomically(path, config_text(config), 0o600)
        return
    write_atomically(path, config_text(config), stat.S_IMODE(existing.st_mode) & 0o744, group=existing.st_gid)


def save_passphrase(path: Path, passphrase: str, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P) -> None:
    """Hash the passphrase into the settings file at path, keeping its other settings."""
    config = load_config(path)
    save_config(replace(config, passphrase=PassphraseHash.of(passphrase, n, r, p)))


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
    if ask_secret("Type it again: ") != first:
        raise CivicqaError("the two passphrases were not the same, so nothing was changed.",
                           "Run civicqa kiosk --set-passphrase again.")
    save_config(replace(config, passphrase=PassphraseHash.of(first, n)))
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
    )


# -- counts and the error log ---------------------------------------------------------------------


class Counts:
    """How many questions were asked, answered and declined: three numbers, never the questions."""

    KEYS = ("asked", "answered", "declined")

    def __init__(self, path: Path) -> None:
        self.path = path.expanduser()
        self.values = dict.fromkeys(self.KEYS, 0)
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            data = {}
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


def append_line(path: Path, line: str) -> None:
    path = path.expanduser()
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(descriptor, "a", encoding="utf-8") as file:
        file.write(line + "\n")


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
