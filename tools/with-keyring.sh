#!/bin/sh
# Runs a command with a private D-Bus session and an unlocked gnome-keyring (a real Secret Service)
# in a throwaway HOME, so keychain tests never touch the user's own keychain.
#   tools/with-keyring.sh CMD [ARG...]
# KEYRING_HOME=DIR reuses DIR as HOME (and keeps it), so a keyring outlives one session.
# Needs the Debian packages gnome-keyring, dbus-daemon (dbus-run-session) and dbus-bin (dbus-send).
set -eu
if [ "$#" -eq 0 ]; then
  echo "usage: $0 CMD [ARG...]" >&2
  exit 2
fi
for tool in dbus-run-session dbus-send gnome-keyring-daemon; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "$0: $tool not found; install gnome-keyring, dbus-daemon and dbus-bin" >&2
    exit 127
  fi
done
if [ -n "${KEYRING_HOME:-}" ]; then
  home=$KEYRING_HOME
else
  home=$(mktemp -d "${TMPDIR:-/tmp}/postern-keyring.XXXXXX")
  trap 'rm -rf "$home"' EXIT INT TERM
fi
mkdir -p "$home/.run" && chmod 700 "$home/.run"
# The daemon runs in the foreground so it can be stopped when the command ends (a daemonised one
# can outlive its bus), and the command starts only once the daemon owns the Secret Service name
# (else the bus would start a second, locked one on first use). Not exec: the trap cleans up after.
HOME=$home XDG_DATA_HOME=$home/.local/share XDG_RUNTIME_DIR=$home/.run \
  dbus-run-session -- sh -c '
    printf %s pass | gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null &
    daemon=$!
    tries=0
    until dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
        org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q "boolean true"; do
      tries=$((tries + 1))
      if [ "$tries" -gt 200 ]; then
        echo "with-keyring: gnome-keyring-daemon did not start" >&2
        kill "$daemon" 2>/dev/null
        exit 1
      fi
      sleep 0.05
    done
    status=0
    "$@" || status=$?
    kill "$daemon" 2>/dev/null
    wait "$daemon" 2>/dev/null || true
    exit "$status"' with-keyring "$@"
