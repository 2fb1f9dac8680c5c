#!/usr/bin/env bash
# Installs the system packages the test suite drives for real: Prometheus (and promtool),
# Chromium for the browser tests, and docker-compose to check the compose file (there is no
# Docker engine to run it). Debian packages only; skips what is already installed.
set -euo pipefail

need=()
command -v prometheus >/dev/null 2>&1 || need+=(prometheus)
command -v promtool >/dev/null 2>&1 || need+=(prometheus)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
if command -v docker >/dev/null 2>&1 && ! docker compose version >/dev/null 2>&1; then
    command -v docker-compose >/dev/null 2>&1 || need+=(docker-compose)
fi
if [[ ${#need[@]} -eq 0 ]]; then
    exit 0
fi
mapfile -t need < <(printf '%s\n' "${need[@]}" | sort -u)
if [[ $(id -u) -ne 0 ]]; then
    SUDO=sudo
else
    SUDO=
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-test-deps: no apt-get; install ${need[*]} by hand" >&2
    exit 1
fi
echo "install-test-deps: installing ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
# Debian's prometheus package starts a service where systemd runs; tests start their own.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet prometheus 2>/dev/null; then
    $SUDO systemctl stop prometheus || true
fi
