#!/usr/bin/env bash
# Install and build the web parts: the offline GraphQL playground (GraphiQL and React
# from the npm registry, bundled by Vite into playground/dist, which Convene serves),
# the web app (Preact and Cytoscape.js, bundled into app/dist, its GraphQL documents
# checked against schema.graphql), and the tools of the HTTP tests (the graphql-http
# conformance audit, playwright-core, axe-core), plus Debian's Chromium for the
# browser tests.
#
#   scripts/setup-web.sh            # everything
#   scripts/setup-web.sh --no-browser   # skip Chromium (e.g. for a server image)
#
# Idempotent and quick when nothing changed: npm ci runs only when package-lock.json
# changed since the last install, the build only when its inputs changed.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'setup-web: %s\n' "$*" >&2; }
die() {
  say "$*"
  exit 1
}

want_browser=1
for arg in "$@"; do
  case "$arg" in
    --no-browser) want_browser=0 ;;
    *) die "unknown option $arg (use --no-browser)" ;;
  esac
done

command -v node >/dev/null || die "Node.js 20.19+ is needed (node not found)"
node -e 'const [a, b] = process.versions.node.split(".").map(Number);
         process.exit(a > 22 || (a === 22 && b >= 12) || (a === 20 && b >= 19) ? 0 : 1)' ||
  die "Node.js 20.19+ or 22.12+ is needed, found $(node --version)"

digest() { sha256sum "$@" | sha256sum | cut -d' ' -f1; }

# install_and_build DIR WHAT [INPUT...]: npm ci in DIR when its lock changed, then
# vite build when DIR's sources or the given inputs (relative to DIR) changed.
install_and_build() {
  local dir=$1 what=$2
  shift 2
  (
    cd "$dir"
    lock_digest=$(digest package.json package-lock.json)
    install_stamp=node_modules/.convene-install
    if [ ! -f "$install_stamp" ] || [ "$(cat "$install_stamp")" != "$lock_digest" ]; then
      say "installing npm packages for $what (npm ci in $dir/)"
      npm ci --no-audit --no-fund --loglevel=error
      printf '%s\n' "$lock_digest" >"$install_stamp"
    fi

    mapfile -t sources < <(find src -type f | sort)
    build_digest=$(digest package-lock.json vite.config.js index.html "$@" "${sources[@]}")
    build_stamp=dist/.convene-build
    if [ ! -f "$build_stamp" ] || [ "$(cat "$build_stamp")" != "$build_digest" ]; then
      say "building $what into $dir/dist"
      npx --no-install vite build
      printf '%s\n' "$build_digest" >"$build_stamp"
    fi
  )
}

install_and_build playground "the playground"
install_and_build app "the web app" ../schema.graphql plugins/documents.js plugins/sizes.js

if [ "$want_browser" = 1 ] && [ "${CONVENE_SKIP_BROWSER:-0}" != 1 ]; then
  chromium_path=${CHROMIUM_PATH:-/usr/bin/chromium}
  if [ ! -x "$chromium_path" ]; then
    say "installing Chromium (Debian package) for the browser test"
    sudo=""
    if [ "$(id -u)" != 0 ]; then sudo=sudo; fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
    [ -x "$chromium_path" ] || die "Chromium is not at $chromium_path after installing it"
  fi
fi
say "ready"
