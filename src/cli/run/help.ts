export const RUN_HELP = `Usage: postern run <collection.json> [options]

Run a Postman collection (v2.0 or v2.1 export) as newman does: every request of every iteration, with
its pre-request and test scripts, in a sandbox. The flags are newman's.

Variables and data
  -e, --environment FILE        Postman environment export
  -g, --globals FILE            Postman globals export
      --env-var name=value      set an environment variable (repeatable)
      --global-var name=value   set a global variable (repeatable)
  -d, --iteration-data FILE     data file, JSON (array of objects) or CSV (first line names the columns)
  -n, --iteration-count N       iterations (default: one per data row, else 1)

What to run
      --folder NAME             run only this folder or request, by name or id (repeatable)
      --delay-request MS        wait between requests
      --bail [folder,failure]   stop at the first failure (request error, script error, failed test)
      --timeout MS              time limit for the whole run
      --timeout-request MS      time limit for each request
      --timeout-script MS       time limit for each script (default 5000)
      --script-isolation M      inline (default: scripts run on this thread, fastest) or thread
                                (their own thread, stopped outright if one overruns its limit)
      --working-dir DIR         relative file paths in request bodies are taken from here
      --ignore-redirects        do not follow redirects

TLS and cookies
  -k, --insecure                do not verify servers' certificates
      --ssl-client-cert FILE    client certificate (PEM), offered to the host of each HTTPS request
      --ssl-client-key FILE     its private key
      --ssl-client-passphrase P passphrase of the key
      --ssl-client-cert-list F  JSON list: [{ "matches": ["https://host:port/*"], "cert": {"src": ...}, "key": ..., "pfx": ..., "passphrase": ... }]
      --ssl-extra-ca-certs FILE trust these CA certificates (PEM) as well as the default roots
      --cookie-jar FILE         start with these cookies (tough-cookie JSON, as --export-cookie-jar writes)

Output
  -r, --reporters LIST          cli, json, junit (comma separated; default cli)
      --reporter-json-export F  where the JSON report goes (newman's shape)
      --reporter-junit-export F where the JUnit XML goes
      --export-environment FILE the environment as the run left it
      --export-globals FILE     the globals as the run left it
      --export-collection FILE  the collection, with its variables as the run left them
      --export-cookie-jar FILE  the cookie jar at the end of the run
      --silent                  no output from the cli reporter
      --color auto|on|off, --no-color, --disable-unicode
  -x, --suppress-exit-code      exit 0 even when something failed

Exit code: 0 when everything passed, 1 when a request, script or assertion failed (or the run timed
out), 2 for bad input (a file that is missing or not what it should be, an unknown flag), 130 when
cancelled with Ctrl-C.

Examples
  postern run api.postman_collection.json -e staging.postman_environment.json
  postern run api.postman_collection.json -d users.csv --folder Users -r cli,junit --reporter-junit-export results.xml
  postern run api.postman_collection.json --ssl-client-cert client.pem --ssl-client-key client.key --ssl-extra-ca-certs ca.pem
`;
