import { useState } from 'react';
import { api } from '../api.js';
import { errorText } from '../errors.js';
import { useSettings } from '../stores/settings-store.js';
import type { SettingsOutput } from '../stores/types.js';
import { Locked } from '../ui/Locked.js';
import { Toggle } from '../ui/Toggle.js';
import { SettingField } from './SettingField.js';

/** CA bundle and client certificates per host and port (PEM cert + key, or PFX; passphrase sealed in the vault). */
export function CertificatesSettings({ current }: { current: SettingsOutput }) {
  const certificates = useSettings((s) => s.certificates);
  const ca = current.settings.caCertificates;
  const save = useSettings.getState().save;
  const [kind, setKind] = useState<'pem' | 'pfx'>('pem');
  const [form, setForm] = useState({ host: '', port: '443', cert: '', key: '', pfx: '', passphrase: '' });
  const [error, setError] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);

  const add = async (): Promise<void> => {
    setError(null);
    setAdding(true);
    try {
      const port = Number(form.port) || 443;
      const passphrase = form.passphrase === '' ? {} : { passphrase: form.passphrase };
      await api.certificates.add(
        kind === 'pem' ? { host: form.host.trim(), port, cert: form.cert.trim(), key: form.key.trim(), ...passphrase } : { host: form.host.trim(), port, pfx: form.pfx.trim(), ...passphrase },
      );
      setForm({ host: '', port: '443', cert: '', key: '', pfx: '', passphrase: '' });
      await useSettings.getState().loadCertificates();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setAdding(false);
    }
  };

  const remove = async (id: string): Promise<void> => {
    try {
      await api.certificates.remove({ certificateId: id });
      await useSettings.getState().loadCertificates();
    } catch (e) {
      setError(errorText(e));
    }
  };

  const field = (name: keyof typeof form, label: string, placeholder: string, type = 'text') => (
    <label className="field">
      <span>{label}</span>
      <input className="input" type={type} autoComplete="off" value={form[name]} placeholder={placeholder} onChange={(e) => setForm({ ...form, [name]: e.target.value })} data-testid={`cert-${name}`} />
    </label>
  );

  return (
    <div className="settings-section">
      <h3 className="settings-group">CA certificates</h3>
      <SettingField current={current} settingKey="caCertificates" label="Use custom CA bundle" help="Trust these PEM files in addition to the system's CAs.">
        {(locked) => (
          <div className="stack">
            <Toggle checked={ca.enabled} disabled={locked} onChange={(v) => void save({ caCertificates: { ...ca, enabled: v } })} testId="settings-ca-enabled" />
            <input
              className="input"
              disabled={locked}
              defaultValue={ca.paths.join(', ')}
              placeholder="/etc/ssl/company-ca.pem"
              onBlur={(e) => void save({ caCertificates: { ...ca, paths: e.target.value.split(',').map((p) => p.trim()).filter((p) => p !== '') } })}
              data-testid="settings-ca-paths"
            />
          </div>
        )}
      </SettingField>
      <h3 className="settings-group">Client certificates</h3>
      <p className="muted small">Presented to the server when it asks, chosen by host and port. Files stay where they are; the passphrase is sealed in the vault and never shown again.</p>
      <table className="data-table" data-testid="cert-table">
        <thead>
          <tr>
            <th>Host</th>
            <th>Port</th>
            <th>Kind</th>
            <th>Files</th>
            <th>Passphrase</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {certificates.map((c) => (
            <tr key={c.id} data-testid="cert-row">
              <td className="mono">{c.host}</td>
              <td>{c.port}</td>
              <td>{c.kind.toUpperCase()}</td>
              <td className="small wrap">
                {c.kind === 'pfx' ? c.pfxPath : `${c.certPath ?? ''} · ${c.keyPath ?? ''}`}
                {c.subject && <div className="muted">{c.subject}{c.notAfter ? ` · expires ${c.notAfter.slice(0, 10)}` : ''}</div>}
              </td>
              <td>{c.passphrase.set ? '•••••• (stored)' : 'none'}</td>
              <td>
                {c.locked ? (
                  <Locked locked />
                ) : (
                  <button type="button" className="btn small danger" onClick={() => void remove(c.id)}>
                    Remove
                  </button>
                )}
              </td>
            </tr>
          ))}
          {certificates.length === 0 && (
            <tr>
              <td colSpan={6} className="muted">
                No client certificates. Add one below for servers that require mutual TLS.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <div className="cert-form" data-testid="cert-form">
        <div className="segmented">
          <button type="button" className={kind === 'pem' ? 'seg active' : 'seg'} onClick={() => setKind('pem')}>
            PEM (cert + key)
          </button>
          <button type="button" className={kind === 'pfx' ? 'seg active' : 'seg'} onClick={() => setKind('pfx')} data-testid="cert-kind-pfx">
            PFX / PKCS#12
          </button>
        </div>
        <div className="form-grid">
          {field('host', 'Host', 'api.example.com or *.example.com')}
          {field('port', 'Port', '443')}
          {kind === 'pem' ? field('cert', 'Certificate file (PEM)', '/path/to/client.crt') : field('pfx', 'PFX file', '/path/to/client.p12')}
          {kind === 'pem' && field('key', 'Key file (PEM)', '/path/to/client.key')}
          {field('passphrase', 'Passphrase', 'optional', 'password')}
        </div>
        {error && (
          <p className="error-text" role="alert" data-testid="cert-error">
            {error}
          </p>
        )}
        <button type="button" className="btn primary" disabled={adding || form.host.trim() === ''} onClick={() => void add()} data-testid="cert-add">
          {adding ? 'Adding…' : 'Add certificate'}
        </button>
      </div>
    </div>
  );
}
