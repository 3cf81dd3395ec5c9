#!/usr/bin/env bash
# The one command that sets Facet up and starts the station: installs the Debian packages,
# builds, and opens the window on the first camera found (the simulated studio camera when
# none is plugged in). Extra arguments go to `facet`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh  # same optimised build as the tests: no second build
exec ./build/facet "$@"
