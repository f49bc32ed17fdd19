# Sourced by the other scripts: where pinned tools and the shared cargo target dir live.
# Both sit outside the clone so a fresh clone (CI) reuses them; SurrealDB alone takes half an hour to build.
COPRODUCE_CACHE="${COPRODUCE_CACHE:-$HOME/.cache/coproduce}"
export COPRODUCE_CACHE
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$COPRODUCE_CACHE/target}"
export PATH="$COPRODUCE_CACHE/tools/bin:$COPRODUCE_CACHE/npm/node_modules/.bin:$HOME/.cargo/bin:$PATH"
# Keep these equal to Cargo.lock (wasm-bindgen) and Trunk.toml.
WASM_BINDGEN_VERSION=0.2.130
TRUNK_VERSION=0.21.14
BINARYEN_VERSION=132
ESBUILD_VERSION=0.28.2
# Build records that point into another clone would make cargo run that clone's code here.
"$(dirname "${BASH_SOURCE[0]}")/forget-other-checkouts"
