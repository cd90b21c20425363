#!/usr/bin/env bash
# The consumer test: the three packages as a user outside this workspace gets them.
#   1. `pnpm pack` each package (prepack builds dist/ and the wasm kernels) into tarballs;
#   2. `npm install` the tarballs into an empty temporary project (with typescript, @types/node
#      and esbuild from the registry, as that project would have them);
#   3. there: a plain `node` ESM script trains a few steps (scripts/consumer/train.mjs);
#      `tsc --strict` type-checks a TypeScript file against the installed types
#      (scripts/consumer/check.ts) and tsx runs it without flags; esbuild bundles autograd + nn for the browser
#      (scripts/consumer/browser.mjs), and the bundle runs.
# Usage: scripts/consumer-test.sh (after `pnpm install`). Set KEEP=1 to keep the temporary project.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
PNPM="${PNPM:-npx --yes pnpm@10.34.9}"
work="$(mktemp -d "${TMPDIR:-/tmp}/chainrule-consumer-XXXXXX")"
if [ "${KEEP:-}" = 1 ]; then echo "consumer: keeping $work"; else trap 'rm -rf "$work"' EXIT; fi
step() { printf '\nconsumer: %s\n' "$*"; }
started=$SECONDS

step "packing @chainrule/autograd, @chainrule/nn, @chainrule/data"
mkdir -p "$work/tarballs" "$work/app"
for pkg in autograd nn data; do
  (cd "$repo/packages/$pkg" && $PNPM pack --pack-destination "$work/tarballs" >"$work/pack-$pkg.log" 2>&1) || {
    cat "$work/pack-$pkg.log"
    exit 1
  }
done
has() { grep -qx "$2" <<<"$1" || { echo "consumer: $3 lacks $2"; exit 1; }; }
for t in "$work"/tarballs/*.tgz; do
  files="$(tar tzf "$t")"
  printf '  %-32s %5s KiB, %3s files\n' "$(basename "$t")" "$(($(wc -c <"$t") / 1024))" "$(wc -l <<<"$files")"
  # what a user installs: built JavaScript, types, source maps; no `source` condition leaking .ts
  for f in package/dist/index.js package/dist/index.d.ts package/dist/index.js.map; do has "$files" "$f" "$(basename "$t")"; done
  if tar xzOf "$t" package/package.json | grep -q '"source"'; then echo "consumer: $(basename "$t"): package.json still has the source condition"; exit 1; fi
  case "$t" in *autograd*) has "$files" package/dist/backend/wasm/binary.generated.js "$(basename "$t") (the built wasm kernels)" ;; esac
done

step "npm install of the tarballs into an empty project ($work/app)"
cp "$repo/scripts/consumer/train.mjs" "$repo/scripts/consumer/check.ts" "$repo/scripts/consumer/tsconfig.json" "$repo/scripts/consumer/browser.mjs" "$work/app/"
cd "$work/app"
printf '{ "name": "chainrule-consumer", "private": true, "type": "module" }\n' >package.json
npm install --no-audit --no-fund --loglevel=error "$work"/tarballs/*.tgz typescript@5.9.3 @types/node@20 esbuild@0.28.2
npm ls --depth=0

step "node train.mjs (plain Node, ESM, no loader)"
node train.mjs

step "tsc --strict against the installed types (check.ts)"
npx --no-install tsc -p tsconfig.json --strict
echo "  tsc: no errors"

step "tsx check.ts (TypeScript run directly, no flags)"
"$repo/node_modules/.bin/tsx" check.ts

step "esbuild: autograd + nn bundled for the browser (browser.mjs)"
# --platform=browser: esbuild fails on any import of a Node module (none may be there)
npx --no-install esbuild browser.mjs --bundle --platform=browser --format=esm --minify --outfile=bundle.js --log-level=warning
echo "  bundle.js: $(($(wc -c <bundle.js) / 1024)) KiB (minified)"
node bundle.js

step "passed in $((SECONDS - started)) s"
