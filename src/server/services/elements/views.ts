/** Element rows as the API shows them: content unsealed (only for what is returned) and parsed. */
import type { ServerContext } from '../../context.js';
import { ServerError } from '../../errors.js';
import type { ElementRecord } from './records.js';
import type { ElementContent, ElementState, SyncElementType } from './types.js';

/** The aad that binds sealed content to its row: a value copied to another element does not open. */
export function contentAad(workspaceId: string, elementId: string): string {
  return `elements.content:${workspaceId}/${elementId}`;
}

export function sealContent(ctx: ServerContext, workspaceId: string, elementId: string, json: string): Promise<string> {
  return ctx.keyRing.seal(json, contentAad(workspaceId, elementId));
}

/** The stored JSON text of an element's content (null for a tombstone). */
export async function openContentJson(ctx: ServerContext, workspaceId: string, elementId: string, sealed: string | null): Promise<string | null> {
  if (sealed === null) return null;
  return ctx.keyRing.openText(sealed, contentAad(workspaceId, elementId));
}

export async function openContent(ctx: ServerContext, workspaceId: string, elementId: string, sealed: string | null): Promise<ElementContent | null> {
  const json = await openContentJson(ctx, workspaceId, elementId, sealed);
  if (json === null) return null;
  const parsed: unknown = JSON.parse(json);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ServerError('INTERNAL', `Stored content of element ${elementId} is not a JSON object`);
  }
  return parsed as ElementContent;
}

export function elementState(record: ElementRecord, type: SyncElementType, content: ElementContent | null): ElementState {
  return {
    id: record.id,
    type,
    revision: Number(record.revision),
    seq: Number(record.seq),
    deleted: record.deleted === 1,
    name: record.name,
    content: record.deleted === 1 ? null : content,
    updatedAt: Number(record.updated_at),
    updatedBy: record.updated_by,
  };
}
