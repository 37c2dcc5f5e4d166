export const SEND_HELP = `Usage: postern send [METHOD] URL [options]

Send one HTTP request with Postern's engine and show the response, its timings and its TLS details.
Any method works, custom ones included. Text may hold {{variables}} from -e and --var.

Request
  -X, --request METHOD       method (or give it before the URL)
  -H, --header 'Name: value' add a header (repeatable)
  -d, --data BODY            raw body (repeatable, joined with &); -d @file sends a file
      --data-file FILE       send a file as the body, streamed from disk
  -F, --form name=value      multipart field; name=@file[;type=mime] for a file (repeatable)
  -e, --env FILE             Postman environment export to resolve {{variables}}
      --var name=value       set a variable; wins over the environment (repeatable)

TLS
      --cacert FILE          trust this CA bundle as well as the default roots (repeatable)
      --cert FILE --key FILE client certificate and key (PEM) for the URL's host and port
      --pfx FILE             client certificate as PKCS#12; --passphrase P or $POSTERN_PASSPHRASE
  -k, --insecure             do not verify the server's certificate
      --tls-disable LIST     disable protocols: TLSv1,TLSv1_1,TLSv1_2,TLSv1_3 (any subset)
      --ciphers A:B:C        offer only these cipher suites, in this order (OpenSSL names)
      --prefer-server-ciphers
      --keylog FILE          append TLS secrets in NSS key log format (for Wireshark)

Connection
      --proxy URL            HTTP or HTTPS proxy (http://user:pass@host:port)
      --no-proxy LIST        hosts that bypass the proxy (comma separated)
      --timeout MS           whole-request timeout (default none)
      --connect-timeout MS   connection timeout (default 30000)
      --no-follow            do not follow redirects
      --max-redirects N      (default 10)
      --max-size MB          fail when the response is larger (default no limit)

Output
      --json                 print exactly one JSON object: status, headers, body, size, timings, tls
  -b, --body-only            print only the body
  -o, --output FILE          save the body to FILE
      --color, --no-color

Exit code: 0 for any HTTP response, 1 for a network or TLS failure, 2 for bad input.

Examples
  postern send https://api.example.com/users
  postern send POST https://api.example.com/users -H 'Content-Type: application/json' -d '{"name":"Ada"}'
  postern send https://mtls.example.com --cert client.pem --key client.key --cacert ca.pem
  postern send https://legacy.example.com --tls-disable TLSv1_3 --ciphers ECDHE-RSA-AES128-GCM-SHA256
  postern send '{{base}}/users/{{id}}' -e staging.postman_environment.json --var id=42
`;
