#!/bin/sh
# The Debian packages the product and its tests need, installed only if missing (idempotent,
# about a second when all are there). Not root or no apt-get: stop and print the one command.
set -eu
PACKAGES="libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk fonts-dejavu-core chromium faketime"

missing=""
for package in $PACKAGES; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing="$missing $package"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "Missing system packages:$missing" >&2
  echo "Run: sudo apt-get update && sudo apt-get install -y$missing" >&2
  exit 1
fi
echo "Installing system packages:$missing"
DEBIAN_FRONTEND=noninteractive apt-get update -qq
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
