"""Start the workbench: ``python serve.py [streamlit options] [-- app options]``.

The same as ``streamlit run app.py [streamlit options] [-- app options]`` (``make run`` uses it),
with two things settled in the server process before the first visitor arrives:

- Deep links work on a fresh server. Because of the ``pages/`` folder next to app.py, Streamlit
  serves a new server's first visitor in its old pages-folder mode (the folder's file names as a
  menu, "Page not found" for /deltag, a page run without app.py's sign-in gate) until app.py's
  ``st.navigation`` has run once. Streamlit leaves that mode for good when st.navigation runs;
  here it is left before any visitor, so the first request to /deltag?kode=... or /heatmap runs
  app.py like every later one.
- No outbound network call. Streamlit looks up the machine's internal address (a UDP connect
  to 8.8.8.8) and its external address (an HTTP request to checkip.amazonaws.com) to print URLs
  and to judge cross-origin WebSocket requests. The answers are fixed to "none here", so the
  server never calls out; .streamlit/config.toml covers plain ``streamlit run`` at start-up.
"""

from __future__ import annotations

import sys
from pathlib import Path

APP = Path(__file__).resolve().parent / "app.py"


def prepare() -> None:
    """What the server process settles before it serves (see the module docstring)."""
    from streamlit import net_util
    from streamlit.runtime.pages_manager import PagesManager

    PagesManager.uses_pages_directory = False
    net_util._internal_ip = "127.0.0.1"  # the value Streamlit itself falls back to offline
    net_util._external_ip = ""  # "no external address": never looked up


def main(argv: list[str] | None = None) -> None:
    from streamlit.web import cli

    prepare()
    args = sys.argv[1:] if argv is None else argv
    cli.main(["run", str(APP), *args], prog_name="streamlit")


if __name__ == "__main__":
    main()
