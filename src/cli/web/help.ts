export const WEB_HELP = `Usage: postern web [options]

Browser mode: serve the Postern UI and its API on 127.0.0.1 and print the URL to open, one line on
stdout. The URL carries a random token in its fragment (#token=…); the page needs it for every call,
and pages from any other site are refused. Runs until Ctrl-C (SIGINT) or SIGTERM.

Options
  --port N          port on 127.0.0.1 (default 0: any free port)
  --no-open         do not open the system browser
  --data-dir DIR    the app's data folder (default $XDG_DATA_HOME/postern or ~/.local/share/postern;
                    macOS ~/Library/Application Support/Postern; Windows %APPDATA%\\Postern)
  -h, --help        this help

Environment
  POSTERN_VAULT_PASSPHRASE   protect secrets with this passphrase instead of the OS keychain
                             (where no keychain is reachable, e.g. a server without a desktop session)

The UI comes from dist/renderer; when it is not built, the page says how to build it.
`;
