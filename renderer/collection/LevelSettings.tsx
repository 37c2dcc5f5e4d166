import { useEffect, type ReactNode } from 'react';
import { TLS_PROTOCOLS, TLS_PROTOCOL_WIRE_NAME, type ProtocolProfileBehavior, type TlsProtocol } from '../../src/model/index.js';
import { CipherChips } from '../request/CipherChips.js';
import { lockOf, useSettings } from '../stores/settings-store.js';
import { Locked } from '../ui/Locked.js';
import { Toggle } from '../ui/Toggle.js';
import { APP_SETTING_OF, nearestBehavior, type AboveLevel, type LevelSettingKey } from './level-draft.js';

interface Props {
  own: ProtocolProfileBehavior | undefined;
  /** The collection and folders above (empty for a collection). */
  above: readonly AboveLevel[];
  /** “collection” or “folder”, for the notes. */
  kind: 'collection' | 'folder';
  /** Set a value on this level; undefined goes back to inheriting. */
  onSet: (key: LevelSettingKey, value: unknown) => void;
}

interface Resolved<T> {
  value: T;
  locked: boolean;
  note: ReactNode;
}

/** Read a value out of the app settings by dotted key (`tls.strictSSL`). */
function appValue(settings: object | undefined, dotted: string): unknown {
  let value: unknown = settings;
  for (const part of dotted.split('.')) value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[part] : undefined;
  return value;
}

/**
 * TLS and redirect settings that the requests below inherit. A value this level does not set shows
 * what it inherits and from where; a value managed policy fixes is shown read-only, as in Settings.
 */
export function LevelSettings({ own, above, kind, onSet }: Props) {
  const current = useSettings((s) => s.current);
  useEffect(() => {
    if (!useSettings.getState().current) void useSettings.getState().load();
  }, []);
  const mine = own ?? {};

  function resolve<T>(key: LevelSettingKey, fallback: T): Resolved<T> {
    const settingKey = APP_SETTING_OF[key];
    const lock = lockOf(current, settingKey);
    const app = appValue(current?.settings, settingKey);
    if (lock.locked) return { value: (app ?? fallback) as T, locked: true, note: <Locked locked origin={lock.origin} /> };
    if (mine[key] !== undefined) {
      return {
        value: mine[key] as T,
        locked: false,
        note: (
          <button type="button" className="btn link small" onClick={() => onSet(key, undefined)} data-testid={`level-reset-${key}`}>
            Set on this {kind} · reset to inherited
          </button>
        ),
      };
    }
    const inherited = nearestBehavior(above, key);
    if (inherited) return { value: inherited.value as T, locked: false, note: <span className="inherited" data-testid={`level-inherited-${key}`}>Inherited from {inherited.from}</span> };
    return { value: (app ?? fallback) as T, locked: false, note: <span className="inherited" data-testid={`level-inherited-${key}`}>Inherited from app settings</span> };
  }

  const strict = resolve('strictSSL', true);
  const disabled = resolve<TlsProtocol[]>('tlsDisabledProtocols', ['TLSv1', 'TLSv1_1']);
  const ciphers = resolve<string[]>('tlsCipherSelection', []);
  const preferServer = resolve('tlsPreferServerCiphers', false);
  const follow = resolve('followRedirects', true);
  const maxRedirects = resolve('maxRedirects', 10);
  const originalMethod = resolve('followOriginalHttpMethod', false);
  const keepAuth = resolve('followAuthorizationHeader', false);
  const timeout = resolve('requestTimeout', 0);

  return (
    <div className="request-settings" data-testid="level-settings">
      <p className="muted small">Requests in this {kind} use these unless a folder below or the request itself sets its own.</p>
      <h3 className="settings-group">TLS</h3>
      <Row id="strictSSL" label="SSL certificate verification" help="Check the server's certificate against trusted CAs and the host name." resolved={strict}>
        <Toggle checked={strict.value} disabled={strict.locked} onChange={(v) => onSet('strictSSL', v)} testId="level-strict-ssl" />
      </Row>
      <Row id="tlsDisabledProtocols" label="Disabled TLS protocols" help="Versions requests will not negotiate." resolved={disabled}>
        <div className="checks">
          {TLS_PROTOCOLS.map((p) => (
            <label key={p} className="check-label">
              <input
                type="checkbox"
                disabled={disabled.locked}
                checked={disabled.value.includes(p)}
                onChange={(e) => onSet('tlsDisabledProtocols', e.target.checked ? [...disabled.value, p] : disabled.value.filter((x) => x !== p))}
                data-testid={`level-disable-${p}`}
              />
              {TLS_PROTOCOL_WIRE_NAME[p]}
            </label>
          ))}
        </div>
      </Row>
      <Row id="tlsCipherSelection" label="Cipher suites" help="Offered in this order; empty keeps OpenSSL's default." resolved={ciphers}>
        <CipherChips ciphers={ciphers.value} disabled={ciphers.locked} onChange={(list) => onSet('tlsCipherSelection', list)} />
      </Row>
      <Row id="tlsPreferServerCiphers" label="Prefer server cipher order" resolved={preferServer}>
        <Toggle checked={preferServer.value} disabled={preferServer.locked} onChange={(v) => onSet('tlsPreferServerCiphers', v)} />
      </Row>
      <h3 className="settings-group">Redirects</h3>
      <Row id="followRedirects" label="Follow redirects" resolved={follow}>
        <Toggle checked={follow.value} disabled={follow.locked} onChange={(v) => onSet('followRedirects', v)} testId="level-follow-redirects" />
      </Row>
      <Row id="maxRedirects" label="Maximum redirects" resolved={maxRedirects}>
        <input
          className="input num"
          type="number"
          min={0}
          disabled={maxRedirects.locked}
          value={maxRedirects.value}
          onChange={(e) => onSet('maxRedirects', Math.max(0, Math.floor(Number(e.target.value) || 0)))}
          data-testid="level-max-redirects"
        />
      </Row>
      <Row id="followOriginalHttpMethod" label="Follow original HTTP method" help="Keep POST on 301/302 instead of switching to GET." resolved={originalMethod}>
        <Toggle checked={originalMethod.value} disabled={originalMethod.locked} onChange={(v) => onSet('followOriginalHttpMethod', v)} />
      </Row>
      <Row id="followAuthorizationHeader" label="Keep Authorization header on cross-origin redirects" resolved={keepAuth}>
        <Toggle checked={keepAuth.value} disabled={keepAuth.locked} onChange={(v) => onSet('followAuthorizationHeader', v)} />
      </Row>
      <h3 className="settings-group">Timeouts</h3>
      <Row id="requestTimeout" label="Request timeout (ms)" help="0 waits as long as it takes." resolved={timeout}>
        <input
          className="input num"
          type="number"
          min={0}
          disabled={timeout.locked}
          value={timeout.value}
          onChange={(e) => onSet('requestTimeout', Math.max(0, Math.floor(Number(e.target.value) || 0)))}
          data-testid="level-request-timeout"
        />
      </Row>
    </div>
  );
}

function Row({ id, label, help, resolved, children }: { id: LevelSettingKey; label: string; help?: string; resolved: Resolved<unknown>; children: ReactNode }) {
  return (
    <div className={resolved.locked ? 'setting-row locked' : 'setting-row'} data-testid={`level-setting-${id}`} data-locked={resolved.locked}>
      <div className="setting-label">
        <div>{label}</div>
        {help && <div className="muted small">{help}</div>}
        <div className="small">{resolved.note}</div>
      </div>
      <div className="setting-control">{children}</div>
    </div>
  );
}
