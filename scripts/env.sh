# Sourced by the other scripts: offline Reflex, project-local bun.
PROJECT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$PROJECT_DIR/tools/node_modules/.bin:$PROJECT_DIR/.venv/bin:$PATH"
export REFLEX_USE_SYSTEM_BUN=true
export REFLEX_TELEMETRY_ENABLED=false
export REFLEX_CHECK_LATEST_VERSION=false
export NEXT_TELEMETRY_DISABLED=1
