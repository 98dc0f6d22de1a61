#!/usr/bin/env sh
# Install the one-folder build (dist/carecoord) system-wide on Linux.
#
#   sudo packaging/linux/install.sh              # into /opt/carecoord, menu entry, icon, `carecoord`
#   DESTDIR=/tmp/stage packaging/linux/install.sh  # staged, e.g. for building a .deb or .rpm
#
# Program files go to /opt/carecoord (read-only for users); each user's vault and settings live
# in their own ~/.local/share/CareCoord and ~/.config/CareCoord, which this script never touches.
# Uninstall: remove the same four paths; vaults stay where they are.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build="$root/dist/carecoord"
dest="${DESTDIR:-}"
[ -x "$build/carecoord-gui" ] || { echo "no build in $build: run 'make package' first" >&2; exit 1; }

install -d "$dest/opt"
rm -rf "$dest/opt/carecoord.new"
cp -a "$build" "$dest/opt/carecoord.new"
chmod -R go-w "$dest/opt/carecoord.new"
# Replace the previous version in one step so a running copy keeps its files until it exits.
if [ -d "$dest/opt/carecoord" ]; then mv "$dest/opt/carecoord" "$dest/opt/carecoord.old"; fi
mv "$dest/opt/carecoord.new" "$dest/opt/carecoord"
rm -rf "$dest/opt/carecoord.old"

install -D -m 0644 "$here/carecoord.desktop" "$dest/usr/share/applications/carecoord.desktop"
install -D -m 0644 "$here/carecoord.svg" "$dest/usr/share/icons/hicolor/scalable/apps/carecoord.svg"
install -d "$dest/usr/local/bin"
ln -sf /opt/carecoord/carecoord "$dest/usr/local/bin/carecoord"
echo "CareCoord installed in $dest/opt/carecoord"
