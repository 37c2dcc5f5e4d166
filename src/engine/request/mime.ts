import { extname } from 'node:path';

const TYPES: Readonly<Record<string, string>> = {
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.txt': 'text/plain',
  '.csv': 'text/csv',
  '.html': 'text/html',
  '.htm': 'text/html',
  '.js': 'text/javascript',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
  '.webp': 'image/webp',
  '.pdf': 'application/pdf',
  '.zip': 'application/zip',
  '.gz': 'application/gzip',
  '.pem': 'application/x-pem-file',
  '.yaml': 'application/yaml',
  '.yml': 'application/yaml',
};

/** A Content-Type for a file part from its extension; unknown ones are plain octets. */
export function contentTypeForFile(path: string): string {
  return TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}
