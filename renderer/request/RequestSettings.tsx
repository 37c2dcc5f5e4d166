import { useEffect, type ReactNode } from 'react';
import { TLS_PROTOCOLS, TLS_PROTOCOL_WIRE_NAME, type ProtocolProfileBehavior } from '../../src/model/index.js';
import { useCollectionCache } from '../stores/collection-cache.js';
import { useSettings } from '../stores/settings-store.js';
import { useTabs, type RequestTab } from '../stores/tabs-store.js';
import { useUi } from '../stores/ui-store.js';
import { Toggle } from '../ui/Toggle.js';
import { CipherChips } from './CipherChips.js';
import { inheritedBehavior } from './inherited.js';

type Key = keyof ProtocolProfileBehavior;

/**
 * Per-request TLS, redirect and timeout settings. A value the request does not set shows what it inherits
 * (from a folder, the collection or the app's settings) and where from; Reset goes back to inheriting.
 */
export function RequestSettings({ tab }: { tab: RequestTab }) {
  useCollectionCache((s) => (tab.collectionId ? s.views[tab.collectionId] : undefined));
  const settings = useSettings((s) => s.current?.settings);
  useEffect(() => {
    if (!useSettings.getState().current) void useSettings.getState().load();
  }, []);
  const own = tab.protocolProfileBehavior ?? {};
  const set = (key: Key, value: unknown): void => {
    const next: Record<string, unknown> = { ...own };
    if (value === undefined) delete next[key];
    else next[key] = value;
    useTabs.getState().update(tab.id, { protocolProfileBehavior: Object.keys(next).length > 0 ? (next as ProtocolProfileBehavior) : undefined });
  };

  /** The value in force and a line saying where it comes from. */
  function resolve<K extends Key>(key: K, appDefault: ProtocolProfileBehavior[K] | undefined): { value: ProtocolProfileBehavior[K] | undefined; note: ReactNode } {
    if (own[key] !== undefined) {
      return {
        value: own[key],
        note: (
          <button type="button" className="btn link small" onClick={() => set(key, undefined)} data-testid={`reset-${String(key)}`}>
            Set on this request · reset to inherited
          </button>
        ),
      };
    }
    const inherited = inheritedBehavior(tab, key);
    if (inherited) return { value: inherited.value as ProtocolProfileBehavior[K], note: <span className="inherited">Inherited from {inherited.from}</span> };
    return { value: appDefault, note: <span className="inherited">Inherited from app settings</span> };
  }

  const strict = resolve('strictSSL', settings?.tls.strictSSL ?? true);
  const disabled = resolve('tlsDisabledProtocols', settings?.tls.disabledProtocols ?? ['TLSv1', 'TLSv1_1']);
  const ciphers = resolve('tlsCipherSelection', settings?.tls.cipherSelection ?? []);
  const preferServer = resolve('tlsPreferServerCiphers', settings?.tls.preferServerCiphers ?? false);
  const follow = resolve('followRedirects', settings?.redirects.follow ?? true);
  const maxRedirects = resolve('maxRedirects', settings?.redirects.max ?? 10);
  const originalMethod = resolve('followOriginalHttpMethod', settings?.redirects.followOriginalMethod ?? false);
  const keepAuth = resolve('followAuthorizationHeader', settings?.redirects.keepAuthorizationCrossOrigin ?? false);
  const timeout = resolve('requestTimeout', settings?.timeouts.requestMs ?? 0);
  const disabledList = disabled.value ?? [];

  return (
    <div className="request-settings" data-testid="request-settings">
      <h3 className="settings-group">TLS</h3>
      <Row label="SSL certificate verification" help="Check the server's certificate against trusted CAs and the host name." note={strict.note}>
        <Toggle checked={strict.value ?? true} onChange={(v) => set('strictSSL', v)} testId="req-strict-ssl" />
      </Row>
      <Row label="Disabled TLS protocols" help="Versions this request will not negotiate." note={disabled.note}>
        <div className="checks">
          {TLS_PROTOCOLS.map((p) => (
            <label key={p} className="check-label">
              <input
                type="checkbox"
                checked={disabledList.includes(p)}
                onChange={(e) => set('tlsDisabledProtocols', e.target.checked ? [...disabledList, p] : disabledList.filter((x) => x !== p))}
                data-testid={`req-disable-${p}`}
              />
              {TLS_PROTOCOL_WIRE_NAME[p]}
            </label>
          ))}
        </div>
      </Row>
      <Row label="Cipher suites" help="Offered in this order; empty keeps OpenSSL's default." note={ciphers.note}>
        <CipherChips ciphers={ciphers.value ?? []} onChange={(list) => set('tlsCipherSelection', list)} />
      </Row>
      <Row label="Prefer server cipher order" note={preferServer.note}>
        <Toggle checked={preferServer.value ?? false} onChange={(v) => set('tlsPreferServerCiphers', v)} testId="req-prefer-server" />
      </Row>
      <h3 className="settings-group">Redirects</h3>
      <Row label="Follow redirects" note={follow.note}>
        <Toggle checked={follow.value ?? true} onChange={(v) => set('followRedirects', v)} testId="req-follow-redirects" />
      </Row>
      <Row label="Maximum redirects" note={maxRedirects.note}>
        <input className="input num" type="number" min={0} value={maxRedirects.value ?? 10} onChange={(e) => set('maxRedirects', Math.max(0, Math.floor(Number(e.target.value) || 0)))} data-testid="req-max-redirects" />
      </Row>
      <Row label="Follow original HTTP method" help="Keep POST on 301/302 instead of switching to GET." note={originalMethod.note}>
        <Toggle checked={originalMethod.value ?? false} onChange={(v) => set('followOriginalHttpMethod', v)} />
      </Row>
      <Row label="Keep Authorization header on cross-origin redirects" note={keepAuth.note}>
        <Toggle checked={keepAuth.value ?? false} onChange={(v) => set('followAuthorizationHeader', v)} />
      </Row>
      <h3 className="settings-group">Timeouts</h3>
      <Row label="Request timeout" help="Milliseconds for the whole response; 0 for none. Overrides the app's and any folder's." note={timeout.note}>
        <span className="value-text">
          <input
            className="input num"
            type="number"
            min={0}
            step={100}
            value={timeout.value ?? 0}
            onChange={(e) => set('requestTimeout', Math.max(0, Math.floor(Number(e.target.value) || 0)))}
            data-testid="req-request-timeout"
          />{' '}
          <span className="muted small" data-testid="req-request-timeout-text">
            {timeoutText(timeout.value ?? 0)}
          </span>
        </span>
      </Row>
      <Row
        label="Connect timeout"
        note={
          <button type="button" className="btn link small" onClick={() => useUi.getState().open('settings')}>
            Inherited from app settings · change
          </button>
        }
      >
        <span className="value-text">{settings ? `${settings.timeouts.connectMs} ms` : '…'}</span>
      </Row>
    </div>
  );
}

function timeoutText(ms: number): string {
  if (ms === 0) return 'no timeout';
  return ms >= 1000 ? `${ms / 1000} s` : `${ms} ms`;
}

function Row({ label, help, note, children }: { label: string; help?: string; note: ReactNode; children: ReactNode }) {
  return (
    <div className="setting-row">
      <div className="setting-label">
        <div>{label}</div>
        {help && <div className="muted small">{help}</div>}
        <div className="small">{note}</div>
      </div>
      <div className="setting-control">{children}</div>
    </div>
  );
}
