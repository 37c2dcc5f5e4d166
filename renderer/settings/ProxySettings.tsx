import { useState } from 'react';
import { useSettings, type SettingsPatch } from '../stores/settings-store.js';
import type { SettingsOutput } from '../stores/types.js';
import { Toggle } from '../ui/Toggle.js';
import { SettingField } from './SettingField.js';

/** A proxy for HTTP and/or HTTPS requests, with credentials and hosts that bypass it. */
export function ProxySettings({ current }: { current: SettingsOutput }) {
  const proxy = current.settings.proxy;
  const save = useSettings.getState().save;
  const [password, setPassword] = useState('');
  type ProxyPatch = NonNullable<SettingsPatch['proxy']>;
  const patch = (change: Partial<ProxyPatch>): void => {
    void save({ proxy: { ...proxy, ...change } });
  };
  return (
    <div className="settings-section">
      <SettingField current={current} settingKey="proxy.enabled" label="Use a proxy">
        {(locked) => <Toggle checked={proxy.enabled} disabled={locked} onChange={(v) => patch({ enabled: v })} testId="settings-proxy-enabled" />}
      </SettingField>
      <SettingField current={current} settingKey="proxy.url" label="Proxy URL" help="http://host:port or https://host:port">
        {(locked) => <input className="input" disabled={locked} defaultValue={proxy.url ?? ''} placeholder="http://proxy.example.com:8080" onBlur={(e) => patch({ url: e.target.value.trim() })} data-testid="settings-proxy-url" />}
      </SettingField>
      <SettingField current={current} settingKey="proxy.protocols" label="Use for">
        {(locked) => (
          <div className="checks">
            {(['http', 'https'] as const).map((p) => (
              <label key={p} className="check-label">
                <input type="checkbox" disabled={locked} checked={proxy.protocols.includes(p)} onChange={(e) => patch({ protocols: e.target.checked ? [...proxy.protocols, p] : proxy.protocols.filter((x) => x !== p) })} />
                {p.toUpperCase()}
              </label>
            ))}
          </div>
        )}
      </SettingField>
      <SettingField current={current} settingKey="proxy.username" label="Username">
        {(locked) => <input className="input" disabled={locked} defaultValue={proxy.username ?? ''} onBlur={(e) => patch({ username: e.target.value })} />}
      </SettingField>
      <SettingField current={current} settingKey="proxy.password" label="Password" help={proxy.password?.set ? 'A password is stored (sealed). Type a new one to replace it.' : undefined}>
        {(locked) => (
          <input
            className="input"
            type="password"
            disabled={locked}
            autoComplete="off"
            value={password}
            placeholder={proxy.password?.set ? '••••••••' : ''}
            onChange={(e) => setPassword(e.target.value)}
            onBlur={() => password !== '' && patch({ password })}
          />
        )}
      </SettingField>
      <SettingField current={current} settingKey="proxy.bypass" label="Bypass for hosts" help="Comma-separated: example.com, .internal, 10.0.0.1, host:port">
        {(locked) => <input className="input" disabled={locked} defaultValue={proxy.bypass.join(', ')} onBlur={(e) => patch({ bypass: e.target.value.split(',').map((h) => h.trim()).filter((h) => h !== '') })} />}
      </SettingField>
    </div>
  );
}
