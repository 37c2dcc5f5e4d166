import type { ResponseView } from '../../src/api/index.js';
import { formatMs } from './format.js';

type Timings = ResponseView['timings'];

const PHASES: { key: keyof Timings; label: string }[] = [
  { key: 'dnsMs', label: 'DNS lookup' },
  { key: 'connectMs', label: 'TCP connect' },
  { key: 'tlsMs', label: 'TLS handshake' },
  { key: 'firstByteMs', label: 'Waiting (TTFB)' },
  { key: 'downloadMs', label: 'Download' },
];

/** Each phase as a bar placed where it happened in the total time. */
export function TimingsView({ response }: { response: ResponseView }) {
  const t = response.timings;
  const total = Math.max(t.totalMs, 0.001);
  let at = 0;
  return (
    <div className="timings" data-testid="response-timings">
      {PHASES.map((p) => {
        const ms = t[p.key];
        if (ms === undefined) {
          return (
            <div key={p.key} className="timing-row skipped">
              <span className="timing-label">{p.label}</span>
              <span className="timing-track" />
              <span className="timing-ms muted">{p.key === 'tlsMs' ? 'no TLS' : 'reused'}</span>
            </div>
          );
        }
        const left = (at / total) * 100;
        const width = Math.max((ms / total) * 100, 0.5);
        at += ms;
        return (
          <div key={p.key} className="timing-row">
            <span className="timing-label">{p.label}</span>
            <span className="timing-track">
              <span className={`timing-bar phase-${p.key}`} style={{ left: `${Math.min(left, 99.5)}%`, width: `${Math.min(width, 100 - Math.min(left, 99.5))}%` }} />
            </span>
            <span className="timing-ms">{formatMs(ms)}</span>
          </div>
        );
      })}
      <div className="timing-row total">
        <span className="timing-label">Total</span>
        <span className="timing-track" />
        <span className="timing-ms">{formatMs(t.totalMs)}</span>
      </div>
    </div>
  );
}
