#!/usr/bin/env bash
# System packages the browser tests need: Debian's chromium (Playwright drives it; its own
# browser download does not work offline) and its driver. Idempotent; run by .ci/run.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  echo "ci-system: /usr/bin/chromium already installed"
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
# fonts-liberation: readable text in screenshots; the rest come in as chromium's dependencies.
$SUDO apt-get install -y --no-install-recommends chromium chromium-driver fonts-liberation
