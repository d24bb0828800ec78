#!/usr/bin/env bash
# Installs the Debian packages Keting needs: ffmpeg (HLS packaging), espeak-ng (Mandarin speech for boxes without
# a voice), chromium (browser tests),
# fonts-noto-cjk (Chinese text in the TV app and screenshots), and WPE WebKit — the engine of RDK set-top
# boxes — for the TV app's second browser suite: cog (the browser), wpewebkit-driver (WPEWebDriver) and the
# GStreamer plugins its <video> needs for HLS through MediaSource (good: MP4/fMP4, bad: MSE helpers and
# H.264 parsing, libav: the H.264/AAC decoders), nginx (the production site deploy/nginx/keting.conf, run by
# tests/deploy/nginx.test.ts in front of a real CMS) and PostgreSQL (the shared store of several CMS nodes).
# Used by `npm start` (through scripts/setup.ts), by `npm test` and by .ci/run, so all three agree.
set -euo pipefail

need=()
command -v ffmpeg >/dev/null 2>&1 && command -v ffprobe >/dev/null 2>&1 || need+=(ffmpeg)
[ -x /usr/bin/chromium ] || need+=(chromium)
# xmllint checks the XMLTV guide against its DTD in the broadcasts tests.
command -v xmllint >/dev/null 2>&1 || need+=(libxml2-utils)
# espeak-ng speaks Mandarin for boxes that have no Chinese voice of their own (the CMS renders it, ffmpeg encodes).
command -v espeak-ng >/dev/null 2>&1 || need+=(espeak-ng)
# grep without -q reads to the end: with -q, fc-list dies of SIGPIPE and pipefail reports the fonts missing.
fc-list 2>/dev/null | grep -i 'Noto Sans CJK' >/dev/null || need+=(fonts-noto-cjk fontconfig)
[ -x /usr/bin/cog ] || need+=(cog)
[ -x /usr/bin/WPEWebDriver ] || need+=(wpewebkit-driver)
# nginx lives in /usr/sbin, which a non-root PATH may lack. Under systemd, Debian's package starts nginx with its
# default site on port 80; the test runs its own nginx (own config, a free port) and needs none running
# (`systemctl disable --now nginx` on a machine that should not serve port 80).
[ -x /usr/sbin/nginx ] || need+=(nginx)
# PostgreSQL's server binaries: the storage layer's suites run on a throw-away cluster (scripts/throwaway-postgres.ts:
# initdb in a temp folder, 127.0.0.1, a free port). Under systemd the package also starts its own cluster on port
# 5432, which nothing here uses (`systemctl disable --now postgresql` where it should not run).
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
# Plugins have no command to look for: ask dpkg whether each package is installed.
for p in gstreamer1.0-plugins-good gstreamer1.0-plugins-bad gstreamer1.0-libav; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep 'install ok installed' >/dev/null || need+=("$p")
done

if [ ${#need[@]} -eq 0 ]; then
  echo "[keting] system packages: ffmpeg, xmllint, espeak-ng, chromium, CJK fonts, WPE WebKit (cog, WPEWebDriver, GStreamer), nginx and PostgreSQL are present"
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
