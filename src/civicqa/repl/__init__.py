"""The interactive front ends, built from small parts a kiosk can reuse with other settings.

    commands.py  the registry of in-prompt commands (/help is generated from it)
    session.py   ChatSession: one conversation; answers one line, question or command
    piped.py     the loop for a stdin that is not a terminal (never imports prompt-toolkit)
    prompt.py    the prompt-toolkit session: history, completion, suggestions, the loop
    keys.py      key bindings
    toolbar.py   the bottom toolbar

Only prompt.py and keys.py import prompt-toolkit, so scripts and `ask` never load it.
"""
