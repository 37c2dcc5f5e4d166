import { TLS_PROTOCOLS, TLS_PROTOCOL_WIRE_NAME } from '../../src/model/index.js';
import { CipherChips } from '../request/CipherChips.js';
import { useSettings } from '../stores/settings-store.js';
import type { SettingsOutput } from '../stores/types.js';
import { Toggle } from '../ui/Toggle.js';
import { SettingField } from './SettingField.js';

/** SSL verification, protocols, ciphers, timeouts, redirects, response size and the SSL key log. */
export function GeneralSettings({ current }: { current: SettingsOutput }) {
  const s = current.settings;
  const save = useSettings.getState().save;
  const num = (text: string): number => Math.max(0, Math.floor(Number(text) || 0));
  return (
    <div className="settings-section">
      <h3 className="settings-group">TLS</h3>
      <SettingField current={current} settingKey="tls.strictSSL" label="SSL certificate verification" help="Reject servers whose certificate does not verify.">
        {(locked) => <Toggle checked={s.tls.strictSSL} disabled={locked} onChange={(v) => void save({ tls: { ...s.tls, strictSSL: v } })} testId="settings-strict-ssl" />}
      </SettingField>
      <SettingField current={current} settingKey="tls.disabledProtocols" label="Disabled TLS protocols">
        {(locked) => (
          <div className="checks">
            {TLS_PROTOCOLS.map((p) => (
              <label key={p} className="check-label">
                <input
                  type="checkbox"
                  disabled={locked}
                  checked={s.tls.disabledProtocols.includes(p)}
                  onChange={(e) => void save({ tls: { ...s.tls, disabledProtocols: e.target.checked ? [...s.tls.disabledProtocols, p] : s.tls.disabledProtocols.filter((x) => x !== p) } })}
                  data-testid={`settings-disable-${p}`}
                />
                {TLS_PROTOCOL_WIRE_NAME[p]}
              </label>
            ))}
          </div>
        )}
      </SettingField>
      <SettingField current={current} settingKey="tls.cipherSelection" label="Cipher suites" help="Offered in this order; empty keeps OpenSSL's default.">
        {(locked) => <CipherChips ciphers={s.tls.cipherSelection} disabled={locked} onChange={(list) => void save({ tls: { ...s.tls, cipherSelection: list } })} />}
      </SettingField>
      <SettingField current={current} settingKey="tls.preferServerCiphers" label="Prefer server cipher order">
        {(locked) => <Toggle checked={s.tls.preferServerCiphers} disabled={locked} onChange={(v) => void save({ tls: { ...s.tls, preferServerCiphers: v } })} />}
      </SettingField>
      <SettingField current={current} settingKey="sslKeyLogFile" label="SSL key log file" help="Write TLS session secrets (NSS key log format) for Wireshark. Leave empty to turn off.">
        {(locked) => (
          <input
            className="input"
            disabled={locked}
            defaultValue={s.sslKeyLogFile ?? ''}
            placeholder="/path/to/sslkeys.log"
            onBlur={(e) => {
              const value = e.target.value.trim();
              if (value !== (s.sslKeyLogFile ?? '')) void save(value === '' ? { sslKeyLogFile: undefined } : { sslKeyLogFile: value });
            }}
            data-testid="settings-keylog"
          />
        )}
      </SettingField>
      <h3 className="settings-group">Requests</h3>
      <SettingField current={current} settingKey="timeouts.connectMs" label="Connect timeout (ms)">
        {(locked) => <input className="input num" type="number" min={0} disabled={locked} defaultValue={s.timeouts.connectMs} onBlur={(e) => void save({ timeouts: { ...s.timeouts, connectMs: num(e.target.value) } })} data-testid="settings-connect-timeout" />}
      </SettingField>
      <SettingField current={current} settingKey="timeouts.requestMs" label="Request timeout (ms)" help="0 waits as long as it takes.">
        {(locked) => <input className="input num" type="number" min={0} disabled={locked} defaultValue={s.timeouts.requestMs} onBlur={(e) => void save({ timeouts: { ...s.timeouts, requestMs: num(e.target.value) } })} data-testid="settings-request-timeout" />}
      </SettingField>
      <SettingField current={current} settingKey="maxResponseSizeMb" label="Maximum response size (MB)" help="0 for no limit.">
        {(locked) => <input className="input num" type="number" min={0} disabled={locked} defaultValue={s.maxResponseSizeMb} onBlur={(e) => void save({ maxResponseSizeMb: Math.max(0, Number(e.target.value) || 0) })} data-testid="settings-max-size" />}
      </SettingField>
      <SettingField current={current} settingKey="redirects.follow" label="Follow redirects">
        {(locked) => <Toggle checked={s.redirects.follow} disabled={locked} onChange={(v) => void save({ redirects: { ...s.redirects, follow: v } })} />}
      </SettingField>
      <SettingField current={current} settingKey="cookies.enabled" label="Keep and send cookies">
        {(locked) => <Toggle checked={s.cookies.enabled} disabled={locked} onChange={(v) => void save({ cookies: { enabled: v } })} />}
      </SettingField>
    </div>
  );
}
