#!/bin/sh
# Install Clientbook for the current user, no root needed:
#   the bundle        -> ~/.local/opt/clientbook/        (a copy: the unpacked folder may then go)
#   the command       -> ~/.local/bin/clientbook          (the same program: CLI with arguments)
#   the menu entry    -> ~/.local/share/applications/org.clientbook.Clientbook.desktop
#   the icons         -> ~/.local/share/icons/hicolor/<size>/apps/org.clientbook.Clientbook.png (+ scalable SVG)
#   AppStream data    -> ~/.local/share/metainfo/org.clientbook.Clientbook.metainfo.xml
# Usage: ./install.sh [--uninstall] [BUNDLE_DIR]
#   Run it from the unpacked bundle (dist/Clientbook/), or from the repository with BUNDLE_DIR.
#   --uninstall removes all of the above; your data (~/.local/share/Clientbook: the vault, backups)
#   is never touched.
set -eu

APP_ID=org.clientbook.Clientbook
HERE=$(cd "$(dirname "$0")" && pwd)
DATA_HOME=${XDG_DATA_HOME:-$HOME/.local/share}
TARGET=$HOME/.local/opt/clientbook
BIN=$HOME/.local/bin
APPS=$DATA_HOME/applications
ICONS=$DATA_HOME/icons/hicolor
METAINFO=$DATA_HOME/metainfo
SIZES="16 24 32 48 64 128 256 512"

refresh_caches() {
    command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$APPS" || true
    command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$ICONS" || true
}

if [ "${1:-}" = "--uninstall" ]; then
    rm -rf "$TARGET"
    [ -L "$BIN/clientbook" ] && rm -f "$BIN/clientbook"
    rm -f "$APPS/$APP_ID.desktop" "$METAINFO/$APP_ID.metainfo.xml" "$ICONS/scalable/apps/$APP_ID.svg"
    for size in $SIZES; do rm -f "$ICONS/${size}x${size}/apps/$APP_ID.png"; done
    refresh_caches
    echo "Clientbook removed. Your data in ${DATA_HOME}/Clientbook was kept."
    exit 0
fi

BUNDLE=${1:-$HERE}
[ -x "$BUNDLE/Clientbook" ] || BUNDLE=$HERE/../../dist/Clientbook
if [ ! -x "$BUNDLE/Clientbook" ]; then
    echo "No Clientbook bundle found; build it with: python installer/build.py" >&2
    exit 1
fi
BUNDLE=$(cd "$BUNDLE" && pwd)
SHARE=$HERE
[ -f "$SHARE/$APP_ID.desktop" ] || SHARE=$BUNDLE
ICON_SRC=$BUNDLE/_internal/resources/icons

# The bundle checks itself first (a throwaway vault, the window drawn offscreen); missing X11
# libraries are named now rather than at the first start from the menu.
if ! checked=$("$BUNDLE/Clientbook" --self-test 2>&1); then
    printf '%s\n' "$checked" >&2
    echo "The bundle does not work on this computer; nothing was installed." >&2
    exit 1
fi
printf '%s\n' "$checked" | grep -v '^ok ' || true

if [ "$BUNDLE" != "$TARGET" ]; then
    rm -rf "$TARGET.new"
    mkdir -p "$(dirname "$TARGET")"
    cp -a "$BUNDLE" "$TARGET.new"
    rm -rf "$TARGET"
    mv "$TARGET.new" "$TARGET"
fi

mkdir -p "$BIN" "$APPS" "$METAINFO" "$ICONS/scalable/apps"
ln -sf "$TARGET/Clientbook" "$BIN/clientbook"
for size in $SIZES; do
    mkdir -p "$ICONS/${size}x${size}/apps"
    cp "$ICON_SRC/clientbook-$size.png" "$ICONS/${size}x${size}/apps/$APP_ID.png"
done
cp "$ICON_SRC/clientbook.svg" "$ICONS/scalable/apps/$APP_ID.svg"
sed -e "s|^Exec=.*|Exec=\"$TARGET/Clientbook\"|" -e "s|^TryExec=.*||" \
    "$SHARE/$APP_ID.desktop" > "$APPS/$APP_ID.desktop"
echo "TryExec=$TARGET/Clientbook" >> "$APPS/$APP_ID.desktop"
cp "$SHARE/$APP_ID.metainfo.xml" "$METAINFO/$APP_ID.metainfo.xml"
refresh_caches
echo "Clientbook installed: menu entry $APPS/$APP_ID.desktop, command $BIN/clientbook"
