"""The files in deploy/ as the tests use them: read as systemd and nginx read them, adapted only by variables.

An operator copies these files and changes host names, ports and paths; the tests do the same,
through :func:`adapt`, and nothing else. A substitution that no longer matches fails loudly, so
the tests cannot drift from the files.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
CODE_DIR = "/opt/risikovaerkstedet"  # where the unit files expect the code


def adapt(text: str, substitutions: dict[str, str]) -> str:
    """``text`` with each key replaced by its value; every key must occur."""
    for old, new in substitutions.items():
        assert old in text, f"{old!r} is no longer in the deploy file: update the test's substitutions"
        text = text.replace(old, new)
    return text


def unit(name: str) -> dict[str, dict[str, list[str]]]:
    """A systemd unit file: section -> key -> every value given (keys may repeat)."""
    out: dict[str, dict[str, list[str]]] = {}
    section = ""
    for raw in (DEPLOY / name).read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1]
            out.setdefault(section, {})
            continue
        key, _, value = line.partition("=")
        out[section].setdefault(key.strip(), []).append(value.strip())
    return out


def env_file(name: str = "risikovaerkstedet.env.example") -> dict[str, str]:
    """The EnvironmentFile: KEY=value per line (what systemd and ``set -a; . file`` both read)."""
    env = {}
    for raw in (DEPLOY / name).read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            env[key] = value
    return env


def exec_start(name: str, env: dict[str, str]) -> list[str]:
    """The unit's ExecStart as systemd runs it: ``${VAR}`` from ``env``, the code directory as this checkout."""
    (command,) = unit(name)["Service"]["ExecStart"]
    command = command.replace(CODE_DIR, str(ROOT))

    def var(m: re.Match) -> str:
        assert m.group(1) in env, f"{name} uses ${{{m.group(1)}}}, which the environment file does not set"
        return shlex.quote(env[m.group(1)])

    return shlex.split(re.sub(r"\$\{(\w+)\}", var, command))
