"""Filters `reflex run`'s output for scripts/run.sh: a newcomer sees progress,
the address and how to log in, not messages that do not apply to this set-up.

- "Run `uv run reflex run` to start the app": Reflex's advice after it
  initialises the web folder; run.sh is what starts the app.
- "Your version (...) of Node.js is out of date": Reflex builds with the bun
  installed in tools/ (REFLEX_USE_SYSTEM_BUN), not with Node.js.
- "Failed to connect to <registry>": a mirror probe; env.sh names the registry.
- "App running at: http://0.0.0.0:PORT/": replaced by the local address and
  the login instructions.
"""

from __future__ import annotations

import sys

NOT_FOR_THIS_SETUP = (
    "to start the app.",
    "of Node.js is out of date",
    "Failed to connect to",
)
READY = """
  CRM prêt sur http://localhost:{port}
  Connexion : identifiant « admin », mot de passe affiché lors du premier lancement
  (ou celui de CRM_ADMIN_PASSWORD). Mot de passe perdu :
      .venv/bin/python -m crm_app.manage reset-password admin
  Arrêt : Ctrl+C
"""


def main(port: str) -> None:
    skip_continuation = False
    for line in sys.stdin:
        if skip_continuation and line.strip() and not line[0].isupper():
            # (Rich wraps long lines: the end of a left-out message)
            skip_continuation = False
            continue
        skip_continuation = False
        if any(text in line for text in NOT_FOR_THIS_SETUP):
            skip_continuation = not line.rstrip().endswith(".")
            continue
        if "App running at:" in line:
            print(READY.format(port=port), flush=True)
            continue
        print(line, end="", flush=True)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "3000")
