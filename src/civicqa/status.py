"""Every exit status civicqa uses, in one place."""

from enum import IntEnum


class ExitStatus(IntEnum):
    OK = 0  # answered (or the command did what was asked)
    NO_ANSWER = 1  # the knowledge has no answer to the question
    ERROR = 2  # bad usage or a knowledge pack problem; a message on stderr says what to do
    INTERRUPTED = 130  # stopped with Ctrl-C outside an interactive session
