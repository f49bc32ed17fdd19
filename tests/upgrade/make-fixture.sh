#!/usr/bin/env bash
# Makes the data directory the upgrade test opens: written by the release at $REV (default:
# ffc6c20, the last before the ledger), through its own CLI, API and console (drive.py), then
# packed with what that release showed. Run from anywhere; it builds $REV in a git worktree
# (sharing the cargo target dir, so only the workspace's own crates build), e.g.
#   tests/upgrade/make-fixture.sh
# or, with that release's binary at hand: OLD_BIN=path/to/coproduce tests/upgrade/make-fixture.sh
# Output: tests/upgrade/from-$REV.tar.gz (the data dir) and tests/upgrade/from-$REV.json.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
REV="${REV:-ffc6c20}"
. "$root/scripts/env.sh"
work="$(mktemp -d)"
trap 'kill "${server:-0}" 2>/dev/null || true; git -C "$root" worktree remove --force "$work/src" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

if [ -n "${OLD_BIN:-}" ]; then
  cp "$OLD_BIN" "$work/coproduce"
else
  git -C "$root" worktree add --detach "$work/src" "$REV" >/dev/null
  # The same build as that release's `cargo test` makes (so no dependency builds twice).
  (cd "$work/src" && . scripts/env.sh && cargo test --workspace --no-run -q)
  cp "$CARGO_TARGET_DIR/debug/coproduce" "$work/coproduce"
fi

export COPRODUCE_DATA_DIR="$work/data"
export COPRODUCE_HTTP__PORT=18931
export COPRODUCE_LIMITS__CHECK_FORM_AGE=false
export COPRODUCE_LIMITS__WRITES_PER_CLIENT_PER_MINUTE=100000
password="upgrade-fixture-password"
"$work/coproduce" org create --slug upgrade-org --name "Upgrade e.V." \
  --admin-email admin@upgrade.example --admin-password "$password" >/dev/null
"$work/coproduce" board create --org upgrade-org --key ideen \
  --title "Ideen für den Park" --question "Was soll sich im Park ändern?" >/dev/null
"$work/coproduce" board create --org upgrade-org --key vorab --pre-moderated \
  --title "Vorab moderiert" --question "Was wünschen Sie sich?" >/dev/null
"$work/coproduce" serve >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 100); do
  curl -fs "http://127.0.0.1:$COPRODUCE_HTTP__PORT/health" >/dev/null && break
  sleep 0.2
done
python3 "$here/drive.py" "http://127.0.0.1:$COPRODUCE_HTTP__PORT" upgrade-org \
  admin@upgrade.example "$password" >"$work/shown.json"
kill -TERM "$server"
wait "$server" || true
server=
tar -C "$work/data" -czf "$here/from-$REV.tar.gz" .
cp "$work/shown.json" "$here/from-$REV.json"
echo "wrote $here/from-$REV.tar.gz and from-$REV.json"
