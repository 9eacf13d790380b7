# Sourced by the other scripts: offline Reflex, project-local bun.
PROJECT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$PROJECT_DIR/tools/node_modules/.bin:$PROJECT_DIR/.venv/bin:$PATH"
export REFLEX_USE_SYSTEM_BUN=true
export REFLEX_TELEMETRY_ENABLED=false
export REFLEX_CHECK_LATEST_VERSION=false
export NEXT_TELEMETRY_DISABLED=1
# Reflex otherwise times several npm mirrors (and prints "Failed to connect"
# for those it cannot reach) before choosing one: the registry is npm's own.
export NPM_CONFIG_REGISTRY="${NPM_CONFIG_REGISTRY:-https://registry.npmjs.org}"
