import { useState } from 'react';
import type { Scripts } from '../../src/model/index.js';
import { TabStrip } from '../ui/TabStrip.js';
import { CodeArea } from './CodeArea.js';

/** Pre-request and test scripts (run in an isolated sandbox). */
export function ScriptsEditor({ scripts, onChange }: { scripts: Scripts; onChange: (scripts: Scripts) => void }) {
  const [which, setWhich] = useState<'prerequest' | 'test'>('prerequest');
  return (
    <div className="scripts-editor">
      <TabStrip
        testId="script"
        active={which}
        onChange={setWhich}
        tabs={[
          { key: 'prerequest', label: 'Pre-request', badge: scripts.prerequest?.trim() ? '●' : undefined },
          { key: 'test', label: 'Tests', badge: scripts.test?.trim() ? '●' : undefined },
        ]}
      />
      <CodeArea
        rows={14}
        value={scripts[which] ?? ''}
        onChange={(text) => onChange({ ...scripts, [which]: text })}
        placeholder={which === 'test' ? "pm.test('status is 200', () => pm.response.to.have.status(200));" : "pm.variables.set('now', Date.now());"}
        testId={`script-${which}`}
      />
    </div>
  );
}
