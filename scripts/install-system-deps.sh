#!/usr/bin/env bash
# Installs the Debian packages Keting needs: ffmpeg (HLS packaging), chromium (browser tests),
# fonts-noto-cjk (Chinese text in the TV app and screenshots).
# Used by `npm start` (through scripts/setup.ts), by `npm test` and by .ci/run, so all three agree.
set -euo pipefail

need=()
command -v ffmpeg >/dev/null 2>&1 && command -v ffprobe >/dev/null 2>&1 || need+=(ffmpeg)
[ -x /usr/bin/chromium ] || need+=(chromium)
# grep without -q reads to the end: with -q, fc-list dies of SIGPIPE and pipefail reports the fonts missing.
fc-list 2>/dev/null | grep -i 'Noto Sans CJK' >/dev/null || need+=(fonts-noto-cjk fontconfig)

if [ ${#need[@]} -eq 0 ]; then
  echo "[keting] system packages: ffmpeg, chromium and CJK fonts are present"
  exit 0
fi

cmd="apt-get update && apt-get install -y --no-install-recommends ${need[*]}"
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    cmd="sudo sh -c '$cmd'"
  else
    echo "[keting] missing system packages: ${need[*]}" >&2
    echo "[keting] run as root:  $cmd" >&2
    exit 3
  fi
fi
echo "[keting] installing system packages: ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
eval "$cmd"
echo "[keting] system packages installed"
