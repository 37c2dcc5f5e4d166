interface Props {
  name: string;
  description: string;
  kind: 'collection' | 'folder';
  /** Requests under this level, at any depth. */
  requestCount: number;
  /** Where a folder sits, e.g. `Shop / Orders`; empty for a collection. */
  path: string;
  onChange: (change: { name?: string; description?: string }) => void;
}

/** Name and description (Markdown, edited as text). */
export function LevelOverview({ name, description, kind, requestCount, path, onChange }: Props) {
  return (
    <div className="level-overview" data-testid="level-overview">
      <label className="field">
        <span>Name</span>
        <input className="input title-input" value={name} onChange={(e) => onChange({ name: e.target.value })} data-testid="level-name" aria-label={`${kind} name`} />
      </label>
      <p className="muted small" data-testid="level-summary">
        {path !== '' && <>In {path} · </>}
        {requestCount === 1 ? '1 request' : `${requestCount} requests`}
      </p>
      <label className="field">
        <span>Description (Markdown)</span>
        <textarea
          className="input"
          rows={12}
          value={description}
          placeholder={`What this ${kind} is for, how to authenticate, links to docs…`}
          onChange={(e) => onChange({ description: e.target.value })}
          data-testid="level-description"
        />
      </label>
    </div>
  );
}
