import { useState } from 'react';
import type { RequestTab } from '../stores/tabs-store.js';
import { EmptyState } from '../ui/EmptyState.js';
import { TabStrip } from '../ui/TabStrip.js';
import { BodyView } from './BodyView.js';
import { ConsoleView, consoleCount } from './ConsoleView.js';
import { CookiesView, responseCookies } from './CookiesView.js';
import { HeadersView } from './HeadersView.js';
import { ResponseError } from './ResponseError.js';
import { ResponseMeta } from './ResponseMeta.js';
import { TestsView, testsBadge } from './TestsView.js';
import { TimingsView } from './TimingsView.js';
import { TlsView } from './TlsView.js';

type Section = 'body' | 'headers' | 'cookies' | 'tests' | 'console' | 'timings' | 'tls';

/** The last response of the tab's request, or why there is none. */
export function ResponsePane({ tab }: { tab: RequestTab }) {
  const [section, setSection] = useState<Section>('body');
  const { response, failure } = tab;
  const sending = tab.sendId !== null;

  let content;
  if (sending) {
    content = (
      <div className="sending" data-testid="response-sending">
        <span className="spinner" aria-hidden="true" /> Sending request…
      </div>
    );
  } else if (failure) {
    content = <ResponseError failure={failure} />;
  } else if (!response) {
    content = (
      <EmptyState title="No response yet" testId="response-empty">
        Enter a URL and click <strong>Send</strong> (or press <kbd>Ctrl</kbd>+<kbd>Enter</kbd>) to get a response.
      </EmptyState>
    );
  } else {
    const cookies = responseCookies(response);
    content = (
      <>
        <div className="response-head">
          <TabStrip<Section>
            testId="response-section"
            active={section}
            onChange={setSection}
            tabs={[
              { key: 'body', label: 'Body' },
              { key: 'headers', label: 'Headers', badge: response.headers.length },
              { key: 'cookies', label: 'Cookies', badge: cookies.length },
              { key: 'tests', label: 'Tests', badge: testsBadge(response) },
              { key: 'console', label: 'Console', badge: consoleCount(response) },
              { key: 'timings', label: 'Timings' },
              { key: 'tls', label: 'TLS', badge: response.tls ? undefined : undefined },
            ]}
          />
          <ResponseMeta response={response} />
        </div>
        <div className="response-section">
          {section === 'body' && <BodyView response={response} />}
          {section === 'headers' && <HeadersView headers={response.headers} />}
          {section === 'cookies' && <CookiesView cookies={cookies} />}
          {section === 'tests' && <TestsView response={response} />}
          {section === 'console' && <ConsoleView response={response} />}
          {section === 'timings' && <TimingsView response={response} />}
          {section === 'tls' && <TlsView response={response} />}
        </div>
      </>
    );
  }
  return (
    <section className="response-pane" aria-label="Response" data-testid="response-pane">
      {content}
    </section>
  );
}
