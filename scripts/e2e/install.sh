#!/usr/bin/env bash
# Installs what the end-to-end tests need, idempotently: code-server (pinned) into .e2e/code-server, Debian's
# chromium, and checks playwright-core. `--no-browser` skips chromium (`npm start` needs only code-server).
# Works on a fresh Debian machine as root that reaches only npm and Debian; the four workarounds below are the ones
# measured in TESTING.md (code-server's postinstall otherwise downloads from GitHub, refuses root, or prompts).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
CODE_SERVER_VERSION=4.100.3
# @vscode/ripgrep's postinstall looks for this exact file in its cache; the names follow code-server's shrinkwrap.
RIPGREP_PACKAGE_VERSION=1.15.11
RIPGREP_ASSET=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz
PREFIX=$ROOT/.e2e/code-server
started=$(date +%s)
with_browser=1
for arg in "$@"; do
  case $arg in
    --no-browser) with_browser= ;;
    *) echo "usage: $0 [--no-browser]" >&2; exit 2 ;;
  esac
done

log() { printf '[e2e install] %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

apt_updated=
apt_install() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ -z "$apt_updated" ]; then as_root apt-get update -qq; apt_updated=1; fi
  log "apt-get install ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Workaround 2: kerberos (a code-server dependency) builds natively; Debian's ripgrep feeds workaround 3.
apt_install build-essential pkg-config python3 libkrb5-dev ripgrep
[ -n "$with_browser" ] && apt_install chromium

# Read the version from package.json: running `code-server --version` would write a default config into $HOME.
installed_version() { node -p "require('$PREFIX/node_modules/code-server/package.json').version" 2>/dev/null || true; }
installed=$(installed_version)
if [ "$installed" = "$CODE_SERVER_VERSION" ]; then
  log "code-server $CODE_SERVER_VERSION already installed"
else
  log "installing code-server@$CODE_SERVER_VERSION into .e2e/code-server"
  mkdir -p "$PREFIX" "$ROOT/.e2e/tmp"
  [ -f "$PREFIX/package.json" ] || printf '{ "private": true }\n' > "$PREFIX/package.json"
  # Workaround 3: pre-seed @vscode/ripgrep's download cache with Debian's rg, so its postinstall does not fetch GitHub.
  export TMPDIR=$ROOT/.e2e/tmp
  cache=$TMPDIR/vscode-ripgrep-cache-$RIPGREP_PACKAGE_VERSION
  if [ ! -f "$cache/$RIPGREP_ASSET" ]; then
    mkdir -p "$cache"
    stage=$(mktemp -d)
    cp "$(command -v rg)" "$stage/rg"
    tar -czf "$cache/$RIPGREP_ASSET" -C "$stage" rg
    rm -rf "$stage"
  fi
  # Workaround 1: as root the postinstall refuses to run unless unsafe_perm is set (npm then rolls everything back).
  # Workaround 4: node-pty's postinstall runs `npx node-gyp`, which would wait on a prompt.
  (cd "$PREFIX" && npm_config_unsafe_perm=true npm_config_yes=true \
    npm install --no-audit --no-fund --no-save --loglevel=error "code-server@$CODE_SERVER_VERSION")
  installed=$(installed_version)
  [ "$installed" = "$CODE_SERVER_VERSION" ] || { log "code-server reports '$installed', expected $CODE_SERVER_VERSION"; exit 1; }
fi

# playwright-core is a devDependency; `npm ci` normally installed it already.
if ! node -e "require.resolve('playwright-core')" 2>/dev/null; then
  version=$(node -p "require('./package.json').devDependencies['playwright-core']")
  log "installing playwright-core@$version"
  npm install --no-audit --no-fund --no-save "playwright-core@$version"
fi

browser=$([ -n "$with_browser" ] && /usr/bin/chromium --version 2>/dev/null | head -n1 || echo "no browser requested")
log "ready in $(( $(date +%s) - started )) s: code-server $installed, $browser"
