#!/usr/bin/env bash
# The Debian packages the app and its tests need besides Python: WeasyPrint's Pango and HarfBuzz
# (PDFs), the Liberation fonts, poppler-utils (tests read PDFs with pdftotext/pdfinfo/pdffonts),
# gettext (compiled translations) and chromium (browser journeys through Playwright).
# Run by `make install` (so by `make run` and `make test`) and by `.ci/run`. Installs only what is
# missing; when something is missing and we are not root, prints the exact command and stops.
set -euo pipefail

PACKAGES=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation2 poppler-utils
          gettext chromium)

if ! command -v dpkg >/dev/null 2>&1; then
  echo "system-packages: not a Debian system; install the equivalents of: ${PACKAGES[*]}" >&2
  exit 0
fi

missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  cat >&2 <<MSG
system-packages: these Debian packages are missing: ${missing[*]}
Install them as root, then run the command again:

    sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}

MSG
  exit 1
fi

echo "system-packages: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq || true
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
