#!/usr/bin/env bash
# Installs what the tests need (Chromium from Debian when missing) and runs
# the whole suite: lint, import contracts, types, service and state tests,
# end-to-end tests in Chromium.
# The suite runs twice: on SQLite, then on PostgreSQL + Redis (several backend
# workers). CRM_TEST_DATABASE=sqlite or =postgresql runs only that pass.
# Arguments go to both pytest runs.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
source scripts/env.sh

if [[ ! -x /usr/bin/chromium ]]; then
    if [[ "$(id -u)" == "0" ]] && command -v apt-get >/dev/null; then
        echo "==> Installation de Chromium (Debian)"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    else
        echo "Chromium est requis pour les tests de bout en bout. Installez-le avec :" >&2
        echo "    sudo apt-get install chromium" >&2
        exit 1
    fi
fi

passes="${CRM_TEST_DATABASE:-sqlite postgresql}"
case "$passes" in
    "sqlite postgresql" | sqlite | postgresql) ;;
    *) echo "CRM_TEST_DATABASE doit valoir sqlite ou postgresql (ou être absent)." >&2; exit 2 ;;
esac
pg_problem=""
if [[ "$passes" == *postgresql* ]] && ! pg_problem="$(python -m tests.databases 2>&1)"; then
    if [[ -n "${CI:-}" || "$passes" == "postgresql" ]]; then
        echo "PostgreSQL ou Redis est injoignable : la passe PostgreSQL ne peut pas tourner." >&2
        echo "$pg_problem" >&2
        exit 1
    fi
    passes="sqlite"
    echo "Avis : PostgreSQL ou Redis est injoignable, la passe PostgreSQL sera ignorée." >&2
fi

echo "==> Lint (ruff)"
ruff check .
echo "==> Contrats d'import (import-linter, ARCHITECTURE.md)"
lint-imports --no-cache
echo "==> Types (pyright)"
pyright

status=0
if [[ "$passes" == *sqlite* ]]; then
    echo "==> Tests sur SQLite"
    CRM_TEST_DATABASE=sqlite python -m pytest "$@" || status=$?
fi
if [[ "$passes" == *postgresql* ]]; then
    echo "==> Tests sur PostgreSQL + Redis (plusieurs processus serveur)"
    CRM_TEST_DATABASE=postgresql python -m pytest "$@" || status=$?
elif [[ -n "$pg_problem" ]]; then
    echo "Avis : PostgreSQL ou Redis est injoignable, la passe PostgreSQL est ignorée" >&2
    echo "(seuls les tests sur SQLite ont tourné) :" >&2
    echo "$pg_problem" >&2
fi
exit "$status"
