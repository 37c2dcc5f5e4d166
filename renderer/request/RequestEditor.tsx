import { useState } from 'react';
import { useTabs, type RequestTab } from '../stores/tabs-store.js';
import { TabStrip } from '../ui/TabStrip.js';
import { AuthEditor } from './AuthEditor.js';
import { BodyEditor } from './BodyEditor.js';
import { KeyValueTable } from './KeyValueTable.js';
import { RequestSettings } from './RequestSettings.js';
import { ScriptsEditor } from './ScriptsEditor.js';
import { UrlBar } from './UrlBar.js';
import { bodyProblem } from './body-check.js';
import { useKnownVariables } from './use-known-variables.js';

type Section = 'params' | 'headers' | 'body' | 'auth' | 'scripts' | 'settings';

/** The request being edited: URL bar and its parts in sub-tabs. */
export function RequestEditor({ tab }: { tab: RequestTab }) {
  const [section, setSection] = useState<Section>('params');
  const known = useKnownVariables(tab);
  const update = useTabs.getState().update;
  const { request } = tab;
  const bodyBad = bodyProblem(request.body) !== null;
  const scriptCount = (tab.scripts.prerequest?.trim() ? 1 : 0) + (tab.scripts.test?.trim() ? 1 : 0);
  return (
    <section className="request-editor" aria-label="Request">
      <UrlBar tab={tab} known={known} />
      <TabStrip<Section>
        testId="request-section"
        active={section}
        onChange={setSection}
        tabs={[
          { key: 'params', label: 'Params', badge: request.query.filter((q) => q.enabled).length },
          { key: 'headers', label: 'Headers', badge: request.headers.filter((h) => h.enabled).length },
          { key: 'body', label: 'Body', badge: bodyBad ? '!' : request.body.mode === 'none' ? undefined : '●' },
          { key: 'auth', label: 'Auth', badge: request.auth ? '●' : undefined },
          { key: 'scripts', label: 'Scripts', badge: scriptCount },
          { key: 'settings', label: 'Settings', badge: tab.protocolProfileBehavior && Object.keys(tab.protocolProfileBehavior).length > 0 ? '●' : undefined },
        ]}
      />
      <div className="request-section">
        {section === 'params' && <KeyValueTable testId="params" rows={request.query} known={known} onChange={(query) => update(tab.id, { request: { ...request, query } })} />}
        {section === 'headers' && <KeyValueTable testId="headers" rows={request.headers} known={known} onChange={(headers) => update(tab.id, { request: { ...request, headers } })} />}
        {section === 'body' && <BodyEditor body={request.body} known={known} onChange={(body) => update(tab.id, { request: { ...request, body } })} />}
        {section === 'auth' && <AuthEditor tab={tab} />}
        {section === 'scripts' && <ScriptsEditor scripts={tab.scripts} onChange={(scripts) => update(tab.id, { scripts })} />}
        {section === 'settings' && <RequestSettings tab={tab} />}
      </div>
    </section>
  );
}
