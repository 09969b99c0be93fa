"""Every exit status civicqa uses, in one place."""

from enum import IntEnum


class ExitStatus(IntEnum):
    OK = 0  # answered (or the command did what was asked)
    NO_ANSWER = 1  # the knowledge has no answer to the question
    ERROR = 2  # bad usage or a knowledge pack problem; a message on stderr says what to do
    OUTPUT_ERROR = 3  # the output could not be written: the disk is full or stdout is closed
    INTERRUPTED = 130  # stopped with Ctrl-C outside an interactive session
    # When the reader of a pipe leaves early (`civicqa ask ... | head -1`), civicqa stops
    # quietly with the status it would have had: 0 answered, 1 declined, never an error.
