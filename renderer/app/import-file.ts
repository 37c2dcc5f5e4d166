import type { FileText } from '../../src/api/index.js';
import { api } from '../api.js';
import { useWorkspace } from '../stores/workspace-store.js';

export interface ImportOutcome {
  /** One line saying what was made. */
  summary: string;
  warnings: string[];
}

/** A Postman environment has `values` and no `item`; everything else (collections, curl) goes to collections.import. */
function isEnvironment(text: string): boolean {
  if (!text.trimStart().startsWith('{')) return false;
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null) return false;
    const record = parsed as Record<string, unknown>;
    return Array.isArray(record['values']) && !('item' in record);
  } catch {
    return false;
  }
}

/** Import one file (a Postman collection or environment, or a curl command) into the current workspace. */
export async function importFile(file: FileText): Promise<ImportOutcome> {
  const workspace = useWorkspace.getState();
  const workspaceId = workspace.workspaceId;
  if (!workspaceId) throw new Error('no workspace is open');
  if (isEnvironment(file.text)) {
    const { environment, warnings } = await api.environments.import({ workspaceId, file });
    await workspace.refreshEnvironments();
    return { summary: `Imported environment “${environment.name}” (${environment.variableCount} variables)`, warnings };
  }
  const { collection, warnings } = await api.collections.import({ workspaceId, file });
  await workspace.refreshCollections();
  return { summary: `Imported collection “${collection.name}” (${collection.requestCount} requests)`, warnings };
}

/** Read a dropped or picked file as text. */
export async function readFile(file: File): Promise<FileText> {
  return { fileName: file.name, text: await file.text() };
}

/** Offer text as a file download (an export). */
export function download(file: FileText): void {
  const url = URL.createObjectURL(new Blob([file.text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.fileName;
  link.click();
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
}
