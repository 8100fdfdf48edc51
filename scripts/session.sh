# Sourced by test.sh, package.sh and bench.sh: a private D-Bus session with a
# real, unlocked Secret Service (gnome-keyring) whose keyrings live in a
# throw-away folder, and an Xvfb display. What is started here is stopped by
# process id when the script exits; the user's own keychain is never touched.
#   in_private_session "$0" "$@"   first: re-runs the script under dbus-run-session
#   start_keyring; start_xvfb      then

in_private_session() {
  if [ -z "${CLINICDESK_PRIVATE_SESSION:-}" ]; then
    export CLINICDESK_PRIVATE_SESSION=1
    exec dbus-run-session -- "$@"
  fi
}

session_pids=()
session_home=""
session_cleanup() {
  for pid in "${session_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  if [ -n "$session_home" ]; then rm -rf "$session_home"; fi
}
trap session_cleanup EXIT

secrets_on_bus() {
  dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q "boolean true"
}

start_keyring() {
  session_home=$(mktemp -d)
  export XDG_DATA_HOME="$session_home/data" XDG_CONFIG_HOME="$session_home/config"
  mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME"
  gnome-keyring-daemon --foreground --unlock --components=secrets <<<"clinicdesk-tests" >/dev/null 2>&1 &
  session_pids+=($!)
  for _ in $(seq 100); do secrets_on_bus && break; sleep 0.1; done
  secrets_on_bus || { echo "gnome-keyring did not start" >&2; exit 1; }
}

start_xvfb() {
  local displayfile
  displayfile=$(mktemp)
  Xvfb -displayfd 3 -screen 0 1920x1080x24 -nolisten tcp 3>"$displayfile" >/dev/null 2>&1 &
  session_pids+=($!)
  for _ in $(seq 100); do [ -s "$displayfile" ] && break; sleep 0.1; done
  export DISPLAY=":$(head -n1 "$displayfile")"
  rm -f "$displayfile"
  echo "Xvfb on $DISPLAY"
}
