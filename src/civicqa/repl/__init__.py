"""The interactive front ends, built from small parts the chat and the kiosk share.

    commands.py      the registry of in-prompt commands (/help is generated from it); handlers return data
    session.py       ChatSession (one conversation: handle a line, render a reply) and answer_lines,
                     the one line loop every front end below hands its text to
    piped.py         the loop for a stdin that is not a terminal (never imports prompt-toolkit)
    prompt.py        the prompt-toolkit session: history, completion, suggestions, the chat loop
    keys.py          key bindings
    toolbar.py       the bottom toolbar
    kiosk_core.py    what both kiosk loops share: commands, welcome, answering, counts, staff check
    kiosk.py         the locked-down kiosk on prompt-toolkit: idle reset, start over, staff exit
    kiosk_line.py    the kiosk on a TERM=dumb terminal: a line loop with no escape sequences
    lockdown.py      signals, terminal modes and memory settings of a public terminal
    kiosk_config.py  the kiosk's config file, staff passphrase hash and counts

Only prompt.py, keys.py, toolbar.py, terminal_input.py and kiosk.py import prompt-toolkit, and
the command line imports them only for a terminal session, so scripts and `ask` never load it.
"""
