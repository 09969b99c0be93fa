"""The real `civicqa` process against hostile output and input: a full disk, a closed stdout, a
pipe whose reader leaves early, a broken stderr, and questions of any length.

Every test runs `python -m civicqa` as a subprocess, because these failures happen in the
process's own streams and at interpreter exit, where an in-process runner cannot see them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs /dev/full and POSIX pipes")

CIVICQA = [sys.executable, "-m", "civicqa"]
QUESTION = "What is 287(g)?"
DECLINED = "Who won the Super Bowl in 2024?"
OUTPUT_ERROR = 3  # ExitStatus.OUTPUT_ERROR, written out so this file also runs against old code
LIMIT = 2000  # civicqa.question.MAX_QUESTION

# Every command that prints, with the stdin it reads.
PRINTERS = [
    (["ask", QUESTION], None),
    (["ask", "--json", QUESTION], None),
    (["ask", "--explain", QUESTION], None),
    (["sources"], None),
    (["timeline"], None),
    (["check"], None),
    (["--help"], None),
    (["chat"], QUESTION + "\n"),
    (["chat", "--json"], QUESTION + "\nWho opposed it?\n"),
]
IDS = [" ".join(args) for args, _ in PRINTERS]


def civicqa(*args: str, stdin: str | bytes | None = None, timeout: float = 60, **streams):
    data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
    return subprocess.run([*CIVICQA, *args], input=data, timeout=timeout,
                          stdin=None if data is not None else subprocess.DEVNULL, **streams)


def assert_one_message(stderr: bytes, start: str) -> None:
    text = stderr.decode("utf-8")
    assert text.startswith(f"civicqa: {start}"), text
    assert len(text.splitlines()) <= 2, text  # the message and what to do next
    assert "Traceback" not in text and "This is a bug" not in text and "Exception ignored" not in text


@pytest.mark.parametrize(("args", "stdin"), PRINTERS, ids=IDS)
def test_a_full_disk_is_one_message_and_status_3(args, stdin):
    with open("/dev/full", "w") as full:
        result = civicqa(*args, stdin=stdin, stdout=full, stderr=subprocess.PIPE)
    assert result.returncode == OUTPUT_ERROR
    assert_one_message(result.stderr, "could not write the output (No space left on device)")


@pytest.mark.parametrize(("args", "stdin"), [PRINTERS[0], PRINTERS[1], PRINTERS[3], PRINTERS[8]],
                         ids=[IDS[0], IDS[1], IDS[3], IDS[8]])
def test_a_closed_stdout_is_one_message_and_status_3(args, stdin):
    # The child starts with file descriptor 1 closed, as `civicqa ask ... >&-` does.
    result = subprocess.run([*CIVICQA, *args], input=(stdin or "").encode("utf-8"), stderr=subprocess.PIPE,
                            preexec_fn=lambda: os.close(1), timeout=60)
    assert result.returncode == OUTPUT_ERROR
    assert_one_message(result.stderr, "stdout is closed")


def test_a_broken_stderr_keeps_the_usage_status():
    with open("/dev/full", "w") as full:
        result = civicqa("ask", "", stdout=subprocess.PIPE, stderr=full)
    assert result.returncode == 2 and result.stdout == b""


def closed_reader(args: list[str], stdin: str | None) -> subprocess.CompletedProcess:
    """Run civicqa with stdout a pipe whose reading end is already closed: every write and
    the flush at exit meet EPIPE, whatever the timing."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        return civicqa(*args, stdin=stdin, stdout=write_end, stderr=subprocess.PIPE)
    finally:
        os.close(write_end)


@pytest.mark.parametrize(("args", "stdin", "status"), [
    (["ask", QUESTION], None, 0),
    (["ask", "--explain", QUESTION], None, 0),
    (["ask", "--json", QUESTION], None, 0),
    (["ask", DECLINED], None, 1),  # 1 only because the question really was declined
    (["sources"], None, 0),
    (["timeline"], None, 0),
    (["--help"], None, 0),
    (["chat", "--json"], QUESTION + "\n" * 3 + "Who opposed it?\n", 0),
], ids=lambda value: " ".join(value) if isinstance(value, list) else None)
def test_a_closed_pipe_ends_quietly_with_the_commands_own_status(args, stdin, status):
    result = closed_reader(args, stdin)
    assert result.returncode == status
    assert result.stderr == b""


@pytest.mark.parametrize("command", ["ask", "sources", "timeline"])
def test_a_reader_leaving_after_one_byte_never_changes_the_status(command):
    """`civicqa ... | head -c1`, twelve times: the reader leaves at a random moment of the write."""
    args = [command] + ([QUESTION] if command == "ask" else [])
    for _ in range(12):
        child = subprocess.Popen([*CIVICQA, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                 stdin=subprocess.DEVNULL)
        assert child.stdout.read(1)
        child.stdout.close()
        stderr = child.stderr.read()
        assert child.wait(timeout=60) == 0 and stderr == b"", stderr


def test_a_megabyte_question_on_stdin_is_refused_at_once():
    started = time.perf_counter()
    result = civicqa("ask", "-", stdin="What is 287(g)? " * 65536, stdout=subprocess.PIPE,
                     stderr=subprocess.PIPE, timeout=30)
    elapsed = time.perf_counter() - started
    assert result.returncode == 2 and result.stdout == b""
    assert_one_message(result.stderr, f"the question is longer than {LIMIT:,} characters")
    assert "shorter" in result.stderr.decode()
    assert elapsed < 5  # about 0.3 s, mostly Python's own start


def test_endless_stdin_is_never_read_whole():
    """The reader stops after the limit: civicqa closes the pipe while the writer still has
    most of 20 MB to give (old code read it all, then analysed it)."""
    child = subprocess.Popen([*CIVICQA, "ask", "-"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE)
    written, most = 0, 20_000_000
    chunk = b"council " * 8192  # 64 kB
    try:
        try:
            while written < most:
                child.stdin.write(chunk)
                written += len(chunk)
            child.stdin.close()
        except BrokenPipeError:
            pass
        assert written < most // 2
        assert child.wait(timeout=60) == 2
    finally:
        child.kill()
        child.wait()


@pytest.mark.parametrize("length", [LIMIT, LIMIT + 1])
def test_the_limit_is_2000_characters_on_the_command_line(length):
    words = ("council " * length)[:length]
    result = civicqa("ask", *words.split(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if length <= LIMIT:
        assert result.returncode in (0, 1), result.stderr
    else:
        assert result.returncode == 2
        assert_one_message(result.stderr, "the question is longer than")


def test_a_too_long_line_in_chat_json_gets_its_own_error_object_and_the_conversation_goes_on():
    lines = [QUESTION, "a" * 1_000_000, "Who opposed it?"]
    result = civicqa("chat", "--json", stdin="\n".join(lines) + "\n", stdout=subprocess.PIPE,
                     stderr=subprocess.PIPE, timeout=30)
    assert result.returncode == 0
    first, refused, follow_up = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert first["question"] == QUESTION and not first["abstained"]
    assert refused["abstained"] and "longer than 2,000 characters" in refused["error"]
    assert len(refused["question"]) < 100
    assert follow_up["question"] == "Who opposed it?" and "Leuze" in follow_up["answer"]
    assert "line 2" in result.stderr.decode() and "Traceback" not in result.stderr.decode()


def test_a_too_long_line_in_plain_chat_is_answered_with_a_note():
    result = civicqa("chat", stdin="x" * 50_000 + "\n" + QUESTION + "\n", stdout=subprocess.PIPE,
                     stderr=subprocess.PIPE, timeout=30)
    assert result.returncode == 0
    refused, answer = result.stdout.decode().split("\n\n", 1)
    assert "longer than 2,000 characters" in refused and "1996" in answer
