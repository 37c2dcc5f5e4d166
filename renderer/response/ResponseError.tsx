import type { SendFailure } from '../stores/tabs-store.js';

const HINTS: Record<string, string> = {
  CONNECTION_REFUSED: 'Nothing is listening at that address and port. Is the server running?',
  DNS_FAILURE: 'The host name could not be found. Check the spelling, or your DNS and VPN.',
  HOST_UNREACHABLE: 'The host cannot be reached from this network.',
  CONNECT_TIMEOUT: 'The server did not answer in time. Raise the connect timeout in Settings if it is slow.',
  REQUEST_TIMEOUT: 'The response took longer than the request timeout. Change it in the request’s Settings tab, or in the folder, collection or app settings named above.',
  SCRIPT_ERROR: 'Nothing was sent. Fix the pre-request script named above and send again.',
  TLS_CERT_VERIFY: "The server's certificate is not trusted. Add its CA in Settings → Certificates, or turn off SSL verification for this request (Settings tab).",
  TLS_HANDSHAKE: 'The TLS handshake failed: check the protocols and ciphers in the request’s Settings tab, and any client certificate.',
  PROXY_FAILURE: 'The proxy could not be reached or refused the request. Check Settings → Proxy.',
  INVALID_JSON: 'Nothing was sent.',
  INVALID_URL: 'Nothing was sent.',
};

/** Why no response came back: the typed error's message, never a blank pane. */
export function ResponseError({ failure }: { failure: SendFailure }) {
  return (
    <div className="response-error" role="alert" data-testid="response-error">
      <div className="error-icon" aria-hidden="true">
        !
      </div>
      <div>
        <h3>Could not get a response</h3>
        <p className="error-message" data-testid="response-error-message">
          {failure.message}
        </p>
        {HINTS[failure.code] && <p className="muted">{HINTS[failure.code]}</p>}
        <p className="muted small">
          Error code <code>{failure.code}</code>
        </p>
      </div>
    </div>
  );
}
