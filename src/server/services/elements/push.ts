/**
 * Push: validate and canonicalise the whole batch (no database), seal each upsert's content and read the
 * caller's element roles (outside the lock, to keep it short), then check and apply in one transaction,
 * which on PostgreSQL announces the new sequence itself (NOTIFY, delivered at commit); elsewhere the
 * notifier is told after commit.
 */
import type { ServerContext } from '../../context.js';
import type { WorkspaceAccess } from '../../http/access.js';
import type { ChangeNotifier } from '../../notify/index.js';
import type { Actor } from '../workspaces/index.js';
import { applyPush } from './apply.js';
import { readChangeSeq } from './records.js';
import { loadElementRoles } from './roles.js';
import type { PushChange, PushResult } from './types.js';
import { prepareChanges } from './validate.js';
import { sealContent } from './views.js';

export async function pushChanges(ctx: ServerContext, notifier: ChangeNotifier, actor: Actor, access: WorkspaceAccess, changes: readonly PushChange[]): Promise<PushResult> {
  const workspaceId = access.workspace.id;
  const prepared = prepareChanges(changes);
  if (prepared.length === 0) return { workspaceId, currentSeq: await readChangeSeq(ctx.db, workspaceId), applied: [], conflicts: [] };

  const sealed = new Map<string, string>(
    await Promise.all(
      prepared.flatMap((change) => (change.canonical === null ? [] : [sealContent(ctx, workspaceId, change.id, change.canonical.json).then((value) => [change.id, value] as const)])),
    ),
  );
  const roles = await loadElementRoles(ctx.db, access, ['element.update', 'element.delete'], prepared.map((change) => change.id));
  // On PostgreSQL with LISTEN/NOTIFY the transaction announces its own change (delivered at commit).
  const announceOn = ctx.kind === 'postgres' ? (notifier.inTransaction?.channel ?? null) : null;
  const outcome = await applyPush(ctx, { actor, access, changes: prepared, sealed, roles, announceOn });
  if (outcome.written && announceOn === null) {
    // A lost notice only delays a pull; the push itself has committed.
    await notifier.publish({ workspaceId, seq: outcome.currentSeq }).catch(() => undefined);
  }
  return { workspaceId, currentSeq: outcome.currentSeq, applied: outcome.applied, conflicts: outcome.conflicts };
}
