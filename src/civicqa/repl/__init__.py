"""The interactive front ends, built from small parts the chat and the kiosk share.

    commands.py      the registry of in-prompt commands (/help is generated from it)
    session.py       ChatSession: one conversation; answers one line, question or command
    piped.py         the loop for a stdin that is not a terminal (never imports prompt-toolkit)
    prompt.py        the prompt-toolkit session: history, completion, suggestions, the loop
    keys.py          key bindings
    toolbar.py       the bottom toolbar
    kiosk.py         the locked-down kiosk: welcome, idle reset, staff exit
    kiosk_config.py  the kiosk's config file, staff passphrase hash and counts

Only prompt.py, keys.py and kiosk.py import prompt-toolkit, and the command line imports them
only for a terminal session, so scripts and `ask` never load it.
"""
