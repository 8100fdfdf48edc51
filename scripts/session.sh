# Sourced by test.sh, package.sh, bench.sh and sqlx-prepare.sh: a private
# D-Bus session with a real, unlocked Secret Service (gnome-keyring) whose
# keyrings live in a throw-away folder, an Xvfb display, and (start_postgres)
# a throw-away PostgreSQL server. What is started here is stopped by
# process id when the script exits; the user's own keychain is never touched.
#   in_private_session "$0" "$@"   first: re-runs the script under dbus-run-session
#   start_keyring; start_xvfb      then
#   start_postgres                 a throw-away PostgreSQL server on a loopback
#                                  port: CLINICDESK_TEST_POSTGRES_URL names it

in_private_session() {
  if [ -z "${CLINICDESK_PRIVATE_SESSION:-}" ]; then
    export CLINICDESK_PRIVATE_SESSION=1
    exec dbus-run-session -- "$@"
  fi
}

session_pids=()
session_home=""
postgres_dir=""
postgres_pid=""
session_cleanup() {
  for pid in "${session_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  # SIGINT: PostgreSQL's fast shutdown (SIGTERM would wait for every client
  # to leave). Its folder goes once it has stopped.
  if [ -n "$postgres_pid" ]; then
    kill -INT "$postgres_pid" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$postgres_pid" 2>/dev/null || break; sleep 0.1; done
    # Still there after 10 s: immediate shutdown, then no choice.
    kill -QUIT "$postgres_pid" 2>/dev/null || true
    for _ in $(seq 30); do kill -0 "$postgres_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$postgres_pid" 2>/dev/null || true
  fi
  if [ -n "$session_home" ]; then rm -rf "$session_home"; fi
  if [ -n "$postgres_dir" ]; then rm -rf "$postgres_dir"; fi
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

# Debian's PostgreSQL (no systemd here): initdb into a throw-away folder owned
# by the postgres user (initdb refuses root), the server on 127.0.0.1 and a
# free port, trusted locally, stopped by process id at exit with its folder.
start_postgres() {
  local bin pgdir port runas=()
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
  [ -x "$bin/initdb" ] || { echo "PostgreSQL is not installed (scripts/deps.sh test)" >&2; exit 1; }
  pgdir=$(mktemp -d)
  if [ "$(id -u)" = 0 ]; then
    chown postgres "$pgdir"
    runas=(runuser -u postgres --)
  fi
  # Password (SCRAM) over TCP, as a clinic's server asks: the tests see a
  # wrong password refused. Trust only on the folder's own socket.
  local password
  password=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
  printf '%s\n' "$password" >"$pgdir/pw"
  [ -z "${runas[*]}" ] || chown postgres "$pgdir/pw"
  "${runas[@]}" "$bin/initdb" -D "$pgdir/data" --auth-host=scram-sha-256 --auth-local=trust -U clinicdesk \
    --pwfile="$pgdir/pw" -E UTF8 --locale=C.UTF-8 >/dev/null
  rm -f "$pgdir/pw"
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  "${runas[@]}" "$bin/postgres" -D "$pgdir/data" -k "$pgdir" -c listen_addresses=127.0.0.1 -p "$port" \
    -c fsync=off -c max_connections=200 >"$pgdir/server.log" 2>&1 &
  # Not in session_pids: runuser would answer a signal by sending SIGTERM
  # (PostgreSQL's slow shutdown) and SIGKILL 2 s later. The server itself is
  # stopped by its own process id below.
  postgres_dir=$pgdir
  for _ in $(seq 100); do "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" && break; sleep 0.1; done
  "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" || { cat "$pgdir/server.log" >&2; echo "PostgreSQL did not start" >&2; exit 1; }
  # The server's own process id, as it writes it.
  postgres_pid=$(head -n1 "$pgdir/data/postmaster.pid")
  export CLINICDESK_TEST_POSTGRES_URL="postgres://clinicdesk:$password@127.0.0.1:$port/postgres"
  echo "PostgreSQL on 127.0.0.1:$port"
}
