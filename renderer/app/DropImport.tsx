import { useEffect, useState } from 'react';
import { errorInFile } from '../errors.js';
import { useUi } from '../stores/ui-store.js';
import { importFile, readFile } from './import-file.js';

/** Drop a collection, environment or curl file anywhere on the window to import it. */
export function DropImport() {
  const [over, setOver] = useState(false);
  useEffect(() => {
    let depth = 0;
    const hasFiles = (e: DragEvent): boolean => e.dataTransfer?.types.includes('Files') ?? false;
    const enter = (e: DragEvent): void => {
      if (!hasFiles(e)) return;
      depth += 1;
      setOver(true);
    };
    const leave = (e: DragEvent): void => {
      if (!hasFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setOver(false);
    };
    const overHandler = (e: DragEvent): void => {
      if (hasFiles(e)) e.preventDefault();
    };
    const drop = (e: DragEvent): void => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth = 0;
      setOver(false);
      for (const file of Array.from(e.dataTransfer?.files ?? [])) {
        void readFile(file)
          .then(importFile)
          .then((outcome) => useUi.getState().toast(outcome.warnings.length > 0 ? `${outcome.summary}; ${outcome.warnings.length} warnings` : outcome.summary))
          .catch((error: unknown) => useUi.getState().toast(errorInFile(error, file.name), { tone: 'error', ms: 10000 }));
      }
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragleave', leave);
    window.addEventListener('dragover', overHandler);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('dragover', overHandler);
      window.removeEventListener('drop', drop);
    };
  }, []);
  if (!over) return null;
  return (
    <div className="drop-overlay" data-testid="drop-overlay">
      <p>Drop to import a collection, environment or curl file</p>
    </div>
  );
}
