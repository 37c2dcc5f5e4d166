import { useEffect, useState } from 'react';
import { download } from '../app/import-file.js';
import { useUi } from '../stores/ui-store.js';
import { useWorkspace } from '../stores/workspace-store.js';
import { EmptyState } from '../ui/EmptyState.js';
import { RunResults } from './RunResults.js';
import { runReport } from './run-report.js';
import { useRun } from './run-store.js';

/** Run a collection (or chosen folders) for some iterations, optionally with a data file; results live. */
export function RunnerPanel() {
  const collections = useWorkspace((s) => s.collections);
  const trees = useWorkspace((s) => s.trees);
  const environmentId = useWorkspace((s) => s.environmentId);
  const initial = useUi((s) => s.runnerCollection);
  const [collectionId, setCollectionId] = useState(initial ?? collections[0]?.id ?? '');
  const [folders, setFolders] = useState<string[]>([]);
  const [iterations, setIterations] = useState(1);
  const [delay, setDelay] = useState(0);
  const [bail, setBail] = useState(false);
  const [dataFile, setDataFile] = useState<{ fileName: string; text: string } | null>(null);
  const run = useRun();

  useEffect(() => {
    if (initial) setCollectionId(initial);
  }, [initial]);

  if (collections.length === 0) {
    return (
      <EmptyState title="Nothing to run yet" testId="runner-empty">
        Create or import a collection, then run all its requests here with their tests.
      </EmptyState>
    );
  }
  const topFolders = (trees[collectionId]?.children ?? []).filter((n) => n.kind === 'folder');
  const running = run.runId !== null && run.summary === null;

  return (
    <section className="runner" data-testid="runner">
      <div className="runner-config">
        <h2>Collection runner</h2>
        <label className="field">
          <span>Collection</span>
          <select
            className="input"
            value={collectionId}
            onChange={(e) => {
              setCollectionId(e.target.value);
              setFolders([]);
            }}
            data-testid="runner-collection"
          >
            {collections.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name} ({c.requestCount})
              </option>
            ))}
          </select>
        </label>
        {topFolders.length > 0 && (
          <fieldset className="field">
            <legend>Folders (none checked runs everything)</legend>
            {topFolders.map((f) => (
              <label key={f.id} className="check-label block">
                <input type="checkbox" checked={folders.includes(f.id)} onChange={(e) => setFolders(e.target.checked ? [...folders, f.id] : folders.filter((x) => x !== f.id))} />
                {f.name}
              </label>
            ))}
          </fieldset>
        )}
        <div className="form-grid">
          <label className="field">
            <span>Iterations</span>
            <input className="input num" type="number" min={1} value={iterations} onChange={(e) => setIterations(Math.max(1, Math.floor(Number(e.target.value) || 1)))} data-testid="runner-iterations" />
          </label>
          <label className="field">
            <span>Delay between requests (ms)</span>
            <input className="input num" type="number" min={0} value={delay} onChange={(e) => setDelay(Math.max(0, Math.floor(Number(e.target.value) || 0)))} />
          </label>
        </div>
        <label className="field">
          <span>Data file (CSV or JSON, one iteration per row)</span>
          <input type="file" accept=".csv,.json,text/csv,application/json" onChange={(e) => void e.target.files?.[0]?.text().then((text) => setDataFile({ fileName: e.target.files?.[0]?.name ?? 'data', text }))} data-testid="runner-data" />
          {dataFile && <span className="muted small">{dataFile.fileName} — iterations follow its rows</span>}
        </label>
        <label className="check-label block">
          <input type="checkbox" checked={bail} onChange={(e) => setBail(e.target.checked)} /> Stop at the first failure
        </label>
        <div className="dialog-actions left">
          {running ? (
            <button type="button" className="btn" onClick={() => void run.cancel()} data-testid="runner-cancel">
              Stop
            </button>
          ) : (
            <button
              type="button"
              className="btn primary"
              disabled={collectionId === ''}
              onClick={() =>
                void run.start({ collectionId, itemIds: folders, environmentId, ...(dataFile ? { data: dataFile } : { iterationCount: iterations }), delayRequestMs: delay, bail })
              }
              data-testid="runner-start"
            >
              Run
            </button>
          )}
          {run.summary && (
            <button type="button" className="btn" onClick={() => download(runReport(run))} data-testid="runner-export">
              Export report
            </button>
          )}
        </div>
        {run.error && (
          <p className="error-text" role="alert">
            {run.error}
          </p>
        )}
      </div>
      <RunResults />
    </section>
  );
}
