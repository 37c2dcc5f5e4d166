import { useEffect, useState } from 'react';
import { useSettings } from '../stores/settings-store.js';
import { Modal } from '../ui/Modal.js';
import { TabStrip } from '../ui/TabStrip.js';
import { CertificatesSettings } from './CertificatesSettings.js';
import { GeneralSettings } from './GeneralSettings.js';
import { ProxySettings } from './ProxySettings.js';

type Section = 'general' | 'certificates' | 'proxy';

/** App settings; a value policy locks is read-only and says "Managed by your organisation". */
export function SettingsDialog() {
  const [section, setSection] = useState<Section>('general');
  const current = useSettings((s) => s.current);
  const error = useSettings((s) => s.error);
  useEffect(() => {
    void useSettings.getState().load();
    void useSettings.getState().loadCertificates();
  }, []);
  return (
    <Modal title="Settings" wide testId="settings-dialog">
      <TabStrip<Section>
        testId="settings-section"
        active={section}
        onChange={setSection}
        tabs={[
          { key: 'general', label: 'General' },
          { key: 'certificates', label: 'Certificates' },
          { key: 'proxy', label: 'Proxy' },
        ]}
      />
      {error && (
        <p className="error-text" role="alert" data-testid="settings-error">
          {error}
        </p>
      )}
      {!current ? (
        <p className="muted pad">Loading settings…</p>
      ) : (
        <div className="settings-body">
          {section === 'general' && <GeneralSettings current={current} />}
          {section === 'certificates' && <CertificatesSettings current={current} />}
          {section === 'proxy' && <ProxySettings current={current} />}
        </div>
      )}
    </Modal>
  );
}
