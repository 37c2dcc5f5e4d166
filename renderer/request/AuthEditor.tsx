import { AUTH_TYPES, type Auth, type AuthType } from '../../src/model/index.js';
import { useCollectionCache } from '../stores/collection-cache.js';
import { useTabs, type RequestTab } from '../stores/tabs-store.js';
import { AUTH_FIELDS, AUTH_LABELS } from './auth-fields.js';
import { inheritedAuth } from './inherited.js';

const INHERIT = 'inherit';

/** Auth type (or inherit from the parent) and its fields. */
export function AuthEditor({ tab }: { tab: RequestTab }) {
  useCollectionCache((s) => (tab.collectionId ? s.views[tab.collectionId] : undefined));
  const update = useTabs.getState().update;
  const auth = tab.request.auth;
  const inherited = inheritedAuth(tab);
  const setAuth = (next: Auth | undefined): void => {
    const request = { ...tab.request };
    if (next) request.auth = next;
    else delete request.auth;
    update(tab.id, { request });
  };
  const params = auth?.params ?? {};
  return (
    <div className="auth-editor">
      <label className="field inline">
        <span>Type</span>
        <select
          className="input"
          value={auth?.type ?? INHERIT}
          onChange={(e) => setAuth(e.target.value === INHERIT ? undefined : { type: e.target.value as AuthType, params: auth?.params ?? {} })}
          data-testid="auth-type"
        >
          <option value={INHERIT}>Inherit auth from parent</option>
          {AUTH_TYPES.map((t) => (
            <option key={t} value={t}>
              {AUTH_LABELS[t]}
            </option>
          ))}
        </select>
      </label>
      {!auth && (
        <p className="inherited-note" data-testid="auth-inherited">
          {inherited ? (
            <>
              Uses <strong>{AUTH_LABELS[inherited.value.type]}</strong> from {inherited.from}.
            </>
          ) : tab.collectionId ? (
            'No parent sets auth, so none is sent.'
          ) : (
            'This request is not saved in a collection, so there is nothing to inherit; none is sent.'
          )}
        </p>
      )}
      {auth?.type === 'noauth' && <p className="muted">No auth is sent, and none is inherited.</p>}
      {auth && (
        <div className="auth-fields">
          {AUTH_FIELDS[auth.type].map((f) => {
            const raw = params[f.key];
            const value = typeof raw === 'string' ? raw : raw === undefined || raw === null ? '' : JSON.stringify(raw);
            const set = (v: string): void => setAuth({ type: auth.type, params: { ...params, [f.key]: v } });
            return (
              <label key={f.key} className="field">
                <span>{f.label}</span>
                {f.options ? (
                  <select className="input" value={value} onChange={(e) => set(e.target.value)}>
                    <option value="">—</option>
                    {f.options.map((o) => (
                      <option key={o} value={o}>
                        {o}
                      </option>
                    ))}
                  </select>
                ) : (
                  <input className="input" type={f.secret ? 'password' : 'text'} autoComplete="off" value={value} placeholder={f.placeholder ?? ''} onChange={(e) => set(e.target.value)} data-testid={`auth-${f.key}`} />
                )}
              </label>
            );
          })}
          <p className="muted small">Values may use variables, e.g. {'{{token}}'}; keep secrets in an environment’s secret variables.</p>
        </div>
      )}
    </div>
  );
}
