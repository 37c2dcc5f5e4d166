import { useState } from 'react';
import { errorInFile } from '../errors.js';
import { useUi } from '../stores/ui-store.js';
import { Modal } from '../ui/Modal.js';
import { importFile, readFile, type ImportOutcome } from './import-file.js';

/** Import a Postman collection or environment file, or paste a curl command or JSON. */
export function ImportDialog() {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<ImportOutcome | null>(null);
  const [error, setError] = useState<string | null>(null);

  const run = async (fileName: string, body: string): Promise<void> => {
    setBusy(true);
    setError(null);
    setOutcome(null);
    try {
      setOutcome(await importFile({ fileName, text: body }));
    } catch (e) {
      setError(errorInFile(e, fileName));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal title="Import" testId="import-dialog">
      <p className="muted">Postman collections (v2.0, v2.1) and environments, or a curl command. You can also drop a file anywhere on the window.</p>
      <label className="file-pick btn">
        Choose a file…
        <input
          type="file"
          accept=".json,.txt,.sh,.curl,application/json,text/plain"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void readFile(file).then((f) => run(f.fileName, f.text));
          }}
          data-testid="import-file"
        />
      </label>
      <label className="field">
        <span>Or paste</span>
        <textarea className="input code" rows={8} placeholder="curl https://api.example.com/users -H 'Accept: application/json'" value={text} onChange={(e) => setText(e.target.value)} data-testid="import-text" />
      </label>
      {error && (
        <p className="error-text" role="alert" data-testid="import-error">
          {error}
        </p>
      )}
      {outcome && (
        <div className="import-outcome" data-testid="import-outcome">
          <p>{outcome.summary}</p>
          {outcome.warnings.length > 0 && (
            <ul className="warnings">
              {outcome.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={() => useUi.getState().open(null)}>
          Close
        </button>
        <button type="button" className="btn primary" disabled={busy || text.trim() === ''} onClick={() => void run(/^\s*curl\s/i.test(text) ? 'pasted.curl' : 'pasted.json', text)} data-testid="import-confirm">
          {busy ? 'Importing…' : 'Import'}
        </button>
      </div>
    </Modal>
  );
}
