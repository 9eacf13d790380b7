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

cat <<MSG

  CRM prêt sur http://localhost:${PORT}  (construction de l'interface : environ une minute)
  Connexion : identifiant « admin », mot de passe affiché lors du premier lancement
  (ou celui de CRM_ADMIN_PASSWORD). Mot de passe perdu :
      .venv/bin/python -m crm_app.manage reset-password admin

MSG
exec reflex run --env prod --single-port --frontend-port "$PORT"
