#!/usr/bin/env bash
# Installs, migrates, loads the demo data into an empty database, then builds
# and serves the production app on one port (default 3000, or $PORT).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
source scripts/env.sh

PORT="${PORT:-3000}"
mkdir -p data
echo "==> Migration de la base de données"
reflex db migrate
echo "==> Compte administrateur et données de démonstration"
python -m crm_app.manage bootstrap

echo "==> Construction de l'interface (environ une minute)"
# Reflex's own output, less what does not apply here (see scripts/reflex_output.py);
# the address and how to log in are printed once the app answers.
reflex run --env prod --single-port --frontend-port "$PORT" 2>&1 \
    | python -u scripts/reflex_output.py "$PORT"
