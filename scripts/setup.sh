#!/usr/bin/env bash
# Installs everything the app needs into the project folder (idempotent):
#   .venv/          Python virtual environment with the app (and, with --test, test tools)
#   tools/          bun (Reflex's JS runtime) and browser libraries, from the npm registry
#   assets/vendor/  Leaflet, its cluster plugin and jQuery, served by the app (no CDN)
# Usage: scripts/setup.sh [--test]
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
extras=""
[[ "${1:-}" == "--test" ]] && extras="[test]"

if [[ ! -x .venv/bin/python ]]; then
    echo "==> Création de l'environnement Python (.venv)"
    "$PYTHON" -m venv .venv
fi

# Reinstall Python packages only when pyproject.toml changed (or the test
# extras are wanted and missing); a test install also serves the app.
hash="$(sha256sum pyproject.toml | cut -c1-16)"
if [[ -n "$extras" ]]; then
    ready=".venv/.installed-$hash-test"; [[ -f "$ready" ]] || ready=""
else
    ready="$(ls .venv/.installed-"$hash"* 2>/dev/null | head -1 || true)"
fi
if [[ -z "$ready" ]]; then
    echo "==> Installation des paquets Python${extras:+ (avec les outils de test)}"
    # setuptools' notice "Editable installation. Please be careful with
    # folders ... with the same name as your package" is about running from
    # another folder: the scripts always run from the project's. Local package
    # folders named by a machine's pip configuration but missing a package
    # make pip warn once per package: noise, left out too.
    {
        .venv/bin/python -m pip install --quiet --upgrade pip
        PYTHONWARNINGS="ignore:Editable installation" \
            .venv/bin/python -m pip install --quiet -e ".${extras}"
    } 2> >(grep -v "is ignored: it is neither a file nor a directory" >&2)
    rm -f .venv/.installed-*
    touch ".venv/.installed-$hash${extras:+-test}"
fi

if [[ ! -x tools/node_modules/.bin/bun ]] || [[ tools/package-lock.json -nt tools/node_modules/.package-lock.json ]]; then
    echo "==> Installation de bun et des bibliothèques cartographiques (npm)"
    npm ci --prefix tools --no-audit --no-fund --loglevel=error
fi

vendor=assets/vendor
mkdir -p "$vendor/leaflet" "$vendor/leaflet.markercluster" "$vendor/jquery"
cp -r tools/node_modules/leaflet/dist/. "$vendor/leaflet/"
cp -r tools/node_modules/leaflet.markercluster/dist/. "$vendor/leaflet.markercluster/"
cp tools/node_modules/jquery/dist/jquery.min.js "$vendor/jquery/"
