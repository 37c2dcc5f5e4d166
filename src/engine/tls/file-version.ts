import { statSync } from 'node:fs';

/** Size and modification time, so cached key material is re-read when its file changes. */
export function fileVersion(file: string): string {
  try {
    const stat = statSync(file);
    return `${stat.size}:${stat.mtimeMs}`;
  } catch {
    return 'missing';
  }
}
