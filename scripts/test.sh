#!/usr/bin/env bash
# Installs what the tests need (Chromium from Debian when missing) and runs
# the whole suite: lint, service and state tests, end-to-end tests in Chromium.
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

echo "==> Lint (ruff)"
ruff check .
echo "==> Tests"
exec python -m pytest "$@"
