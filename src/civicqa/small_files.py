"""Reading a small settings file safely: the kiosk's settings and counts, and civicqa's own
config.toml. Anything but a regular file of at most MAX_SETTINGS_BYTES is refused before it is
read: a FIFO would hang civicqa, and a device such as /dev/zero never ends."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from civicqa.errors import CivicqaError, sanitize

MAX_SETTINGS_BYTES = 1_000_000  # a settings file is a few lines; a counts file three numbers


def read_small_file(path: Path, what: str) -> tuple[bytes, os.stat_result]:
    """The bytes of a regular file of at most MAX_SETTINGS_BYTES, and its status. Anything else
    (a FIFO would hang the kiosk, a device such as /dev/zero never ends) is refused before reading."""
    def refuse_unless_small_file(status: os.stat_result) -> None:
        if not stat.S_ISREG(status.st_mode):
            raise CivicqaError(f"{sanitize(str(path))} is not a regular file, so it cannot be used as {what}.",
                               "Name a file saved on disk.")
        if status.st_size > MAX_SETTINGS_BYTES:
            raise CivicqaError(f"{sanitize(str(path))} is larger than {MAX_SETTINGS_BYTES:,} bytes, so it cannot "
                               f"be {what}.", "Name the right file, or start a new one.")

    refuse_unless_small_file(os.stat(path))
    # O_NONBLOCK: were the file swapped for a FIFO since the stat, open would wait for a writer.
    with open(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), "rb") as file:
        status = os.fstat(file.fileno())
        refuse_unless_small_file(status)
        raw = file.read(MAX_SETTINGS_BYTES + 1)
    if len(raw) > MAX_SETTINGS_BYTES:
        refuse_unless_small_file(os.stat_result((stat.S_IFREG, 0, 0, 0, 0, 0, len(raw), 0, 0, 0)))
    return raw, status
