import { AUTH_TYPES, type Auth, type AuthType } from '../../src/model/index.js';
import { AUTH_FIELDS, AUTH_LABELS } from '../request/auth-fields.js';
import type { InheritedValue } from './level-draft.js';

const INHERIT = 'inherit';

interface Props {
  auth: Auth | undefined;
  /** True for a folder: it may inherit; a collection is the top and sends none when it sets none. */
  canInherit: boolean;
  /** What a folder without its own auth uses, and from where. */
  inherited: InheritedValue<Auth> | null;
  onChange: (auth: Auth | undefined) => void;
}

function text(raw: unknown): string {
  if (typeof raw === 'string') return raw;
  return raw === undefined || raw === null ? '' : JSON.stringify(raw);
}

/** Auth that every request below uses unless it (or a nearer folder) sets its own. */
export function LevelAuth({ auth, canInherit, inherited, onChange }: Props) {
  const params = auth?.params ?? {};
  const selected = auth?.type ?? (canInherit ? INHERIT : 'noauth');
  return (
    <div className="auth-editor" data-testid="level-auth">
      <p className="muted small">Requests below use this auth when their own type is “Inherit auth from parent”.</p>
      <label className="field inline">
        <span>Type</span>
        <select
          className="input"
          value={selected}
          onChange={(e) => {
            const value = e.target.value;
            if (value === INHERIT) onChange(undefined);
            else onChange({ type: value as AuthType, params: auth?.params ?? {} });
          }}
          data-testid="level-auth-type"
        >
          {canInherit && <option value={INHERIT}>Inherit auth from parent</option>}
          {AUTH_TYPES.map((t) => (
            <option key={t} value={t}>
              {AUTH_LABELS[t]}
            </option>
          ))}
        </select>
      </label>
      {!auth && canInherit && (
        <p className="inherited-note" data-testid="level-auth-inherited">
          {inherited ? (
            <>
              Uses <strong>{AUTH_LABELS[inherited.value.type]}</strong> from {inherited.from}.
            </>
          ) : (
            'No parent sets auth, so none is sent.'
          )}
        </p>
      )}
      {(auth?.type ?? 'noauth') === 'noauth' && !(canInherit && !auth) && <p className="muted">No auth is sent by requests that inherit from here.</p>}
      {auth && auth.type !== 'noauth' && (
        <div className="auth-fields">
          {AUTH_FIELDS[auth.type].map((f) => {
            const value = text(params[f.key]);
            const set = (v: string): void => onChange({ type: auth.type, params: { ...params, [f.key]: v } });
            return (
              <label key={f.key} className="field">
                <span>{f.label}</span>
                {f.options ? (
                  <select className="input" value={value} onChange={(e) => set(e.target.value)} data-testid={`level-auth-${f.key}`}>
                    <option value="">—</option>
                    {f.options.map((o) => (
                      <option key={o} value={o}>
                        {o}
                      </option>
                    ))}
                  </select>
                ) : (
                  <input
                    className="input"
                    type={f.secret ? 'password' : 'text'}
                    autoComplete="off"
                    value={value}
                    placeholder={f.placeholder ?? ''}
                    onChange={(e) => set(e.target.value)}
                    data-testid={`level-auth-${f.key}`}
                  />
                )}
              </label>
            );
          })}
          <p className="muted small">Values may use variables, e.g. {'{{token}}'}; keep secrets in secret variables (the Variables tab, or an environment).</p>
        </div>
      )}
    </div>
  );
}
