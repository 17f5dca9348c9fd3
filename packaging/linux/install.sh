#!/bin/sh
# Installs Comprimato Companion for the current user from this unpacked tarball, or
# removes it again. Nothing outside the user's home is touched; no root needed.
#
#   ./install.sh               install (or update) into ~/.local
#   ./install.sh --uninstall   remove what install.sh installed (settings and streams stay)
#   PREFIX=/opt/somewhere ./install.sh   install elsewhere (bin/, lib/, share/ under PREFIX)
set -eu

APP_ID=com.comprimato.Companion
NAME=comprimato-companion
here=$(cd "$(dirname "$0")" && pwd)
prefix=${PREFIX:-$HOME/.local}
bin_dir=$prefix/bin
app_dir=$prefix/lib/$NAME
if [ -n "${PREFIX:-}" ]; then
  share_dir=$PREFIX/share
else
  share_dir=${XDG_DATA_HOME:-$HOME/.local/share}
fi

refresh_caches() {
  # Desktop environments pick up new entries by themselves; these make it immediate.
  if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database -q "$share_dir/applications" 2>/dev/null || true
  fi
  if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$share_dir/icons/hicolor/index.theme" ]; then
    gtk-update-icon-cache -q -t "$share_dir/icons/hicolor" 2>/dev/null || true
  fi
}

if [ "${1:-}" = "--uninstall" ]; then
  rm -rf "$app_dir"
  rm -f "$bin_dir/$NAME" "$share_dir/applications/$APP_ID.desktop" \
    "$share_dir/metainfo/$APP_ID.metainfo.xml" "$share_dir/icons/hicolor/scalable/apps/$APP_ID.svg"
  for icon in "$share_dir"/icons/hicolor/*/apps/"$APP_ID".png; do
    [ -e "$icon" ] && rm -f "$icon"
  done
  refresh_caches
  echo "Comprimato Companion was removed. Your settings and stream list were kept."
  exit 0
fi
if [ -n "${1:-}" ]; then
  echo "install.sh: unknown option $1 (use --uninstall to remove)" >&2
  exit 2
fi

if [ ! -x "$here/$NAME/$NAME" ]; then
  echo "install.sh: $here/$NAME/$NAME is missing; unpack the whole tarball first." >&2
  exit 1
fi

# The program: replace the previous copy as a whole, so no stale library survives an update.
mkdir -p "$prefix/lib" "$bin_dir"
rm -rf "$app_dir.new"
cp -R "$here/$NAME" "$app_dir.new"
rm -rf "$app_dir"
mv "$app_dir.new" "$app_dir"
ln -sf "$app_dir/$NAME" "$bin_dir/$NAME"

# Desktop integration; Exec points at the installed program so it starts even when
# ~/.local/bin is not on the desktop session's PATH.
mkdir -p "$share_dir/applications" "$share_dir/metainfo"
sed -e "s|^Exec=$NAME|Exec=$app_dir/$NAME|" -e "s|^TryExec=$NAME|TryExec=$app_dir/$NAME|" \
  "$here/share/applications/$APP_ID.desktop" >"$share_dir/applications/$APP_ID.desktop"
cp "$here/share/metainfo/$APP_ID.metainfo.xml" "$share_dir/metainfo/"
(cd "$here/share" && find icons -type f) | while read -r icon; do
  mkdir -p "$share_dir/$(dirname "$icon")"
  cp "$here/share/$icon" "$share_dir/$icon"
done
refresh_caches

echo "Comprimato Companion is installed: find it in your applications, or run $bin_dir/$NAME"
case ":$PATH:" in
  *":$bin_dir:"*) ;;
  *) echo "($bin_dir is not on your PATH; the applications menu entry works regardless.)" ;;
esac
