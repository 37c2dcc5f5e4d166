import { saveActive } from '../app/use-shortcuts.js';
import { useTabs, type RequestTab } from '../stores/tabs-store.js';
import type { KnownVariable } from '../stores/variables-store.js';
import { VarInput } from './VarInput.js';
import { applyUrl, displayUrl } from './url-query.js';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

/** Method, URL, Send and Save. */
export function UrlBar({ tab, known }: { tab: RequestTab; known: Map<string, KnownVariable> }) {
  const { update, send, cancel } = useTabs.getState();
  const sending = tab.sendId !== null;
  return (
    <div className="url-bar">
      <select
        className={`method-select method-${tab.request.method.toLowerCase()}`}
        aria-label="Method"
        value={METHODS.includes(tab.request.method) ? tab.request.method : tab.request.method}
        onChange={(e) => update(tab.id, { request: { ...tab.request, method: e.target.value } })}
        data-testid="method-select"
      >
        {[...new Set([...METHODS, tab.request.method])].map((m) => (
          <option key={m} value={m}>
            {m}
          </option>
        ))}
      </select>
      <VarInput
        className="url-input"
        value={displayUrl(tab.request)}
        known={known}
        placeholder="Enter a URL, e.g. https://api.example.com/users or {{baseUrl}}/users"
        ariaLabel="Request URL"
        onChange={(text) => update(tab.id, { request: { ...tab.request, ...applyUrl(tab.request, text) } })}
        onEnter={() => void send(tab.id)}
        testId="url-input"
      />
      {sending ? (
        <button type="button" className="btn send cancel" onClick={() => void cancel(tab.id)} data-testid="cancel-button">
          Cancel
        </button>
      ) : (
        <button type="button" className="btn primary send" onClick={() => void send(tab.id)} title="Send (Ctrl+Enter)" data-testid="send-button">
          Send
        </button>
      )}
      <button type="button" className="btn save" onClick={() => void saveActive()} title="Save (Ctrl+S)" data-testid="save-button">
        Save
      </button>
    </div>
  );
}
