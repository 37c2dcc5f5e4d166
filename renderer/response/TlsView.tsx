import type { ResponseView } from '../../src/api/index.js';
import { EmptyState } from '../ui/EmptyState.js';

/** The TLS session: protocol, cipher, trust, the server's chain and the client certificate presented (or why none was). */
export function TlsView({ response }: { response: ResponseView }) {
  const tls = response.tls;
  if (!tls) return <EmptyState title="Plain HTTP" testId="response-tls">This request did not use TLS, so there is no certificate or cipher to show.</EmptyState>;
  const client = tls.clientCertificate;
  return (
    <div className="tls-view" data-testid="response-tls">
      <dl className="facts">
        <dt>Protocol</dt>
        <dd data-testid="tls-protocol">{tls.protocol}</dd>
        <dt>Cipher</dt>
        <dd className="mono" data-testid="tls-cipher">
          {tls.cipher}
        </dd>
        <dt>ALPN</dt>
        <dd>{tls.alpn ?? 'none'}</dd>
        <dt>Server trusted</dt>
        <dd className={tls.authorized ? 'good' : 'bad'}>{tls.authorized ? 'Yes — the chain verified' : `No — ${tls.authorizationError ?? 'not verified'}`}</dd>
        <dt>Client certificate</dt>
        <dd data-testid="tls-client-cert">
          {client.presented ? (
            <span className="good">
              Presented for {client.host}
              {client.subject ? ` (${client.subject})` : ''}
            </span>
          ) : (
            <span>None presented: {client.note}</span>
          )}
        </dd>
      </dl>
      <h4>Server certificate chain</h4>
      <ol className="chain">
        {tls.peerChain.map((cert, i) => (
          <li key={cert.fingerprint256} className="chain-cert">
            <div className="strong">
              {i === 0 ? 'Leaf' : i === tls.peerChain.length - 1 ? 'Root / last' : 'Intermediate'}: {cert.subject}
            </div>
            <div className="muted small">Issued by {cert.issuer}</div>
            <div className="small">
              Valid {cert.validFrom} → {cert.validTo}
            </div>
            {cert.subjectAltNames.length > 0 && <div className="small">SAN: {cert.subjectAltNames.join(', ')}</div>}
            <div className="mono tiny">SHA-256 {cert.fingerprint256}</div>
          </li>
        ))}
        {tls.peerChain.length === 0 && <li className="muted">The server sent no certificate chain.</li>}
      </ol>
    </div>
  );
}
