import type { ResponseView } from '../../src/api/index.js';
import { formatBytes, formatMs } from './format.js';
import { LockIcon } from '../ui/LockIcon.js';

function tone(status: number): string {
  if (status < 300) return 'ok';
  if (status < 400) return 'redirect';
  return 'bad';
}

/** Status, time and size, with the byte breakdown on hover. */
export function ResponseMeta({ response }: { response: ResponseView }) {
  const { sizes } = response;
  const total = sizes.headersBytes + sizes.bodyBytes;
  const sizeTitle = `Headers ${formatBytes(sizes.headersBytes)} · Body ${formatBytes(sizes.bodyBytes)}${sizes.encodedBodyBytes === undefined ? '' : ` (${formatBytes(sizes.encodedBodyBytes)} on the wire)`}`;
  return (
    <div className="response-meta">
      <span className={`status ${tone(response.status)}`} data-testid="response-status">
        {response.status} {response.statusText}
      </span>
      <span className="meta-item" data-testid="response-time" title="Total time">
        {formatMs(response.timings.totalMs)}
      </span>
      <span className="meta-item" data-testid="response-size" title={sizeTitle}>
        {formatBytes(total)}
      </span>
      {response.tls && (
        <span className="meta-item tls-chip" title={`${response.tls.protocol} · ${response.tls.cipher}`}>
          <LockIcon /> {response.tls.protocol}
        </span>
      )}
    </div>
  );
}
