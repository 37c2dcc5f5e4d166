import type { z } from 'zod';
import type { CollectionViewSchema, InputOf, VariableEdit, VariableView } from '../../src/api/index.js';
import type { Auth, ProtocolProfileBehavior, Scripts } from '../../src/model/index.js';

/**
 * Pure helpers behind a collection's or folder's settings tab: the draft it edits, the patch a save
 * sends, and what the level inherits from the levels above it. No stores, no api: tested in node.
 */

type CollectionView = z.output<typeof CollectionViewSchema>;
type ItemView = CollectionView['items'][number];
export type FolderView = Extract<ItemView, { kind: 'folder' }>;

/** The fields a collection and a folder share, as `collections.get` shows them. */
export interface LevelView {
  name: string;
  description?: string | undefined;
  auth?: Auth | undefined;
  scripts: Scripts;
  variables: readonly VariableView[];
  protocolProfileBehavior?: ProtocolProfileBehavior | undefined;
}

/** What a settings tab edits. A secret variable keeps its marker until the user types a new value. */
export interface LevelDraft {
  name: string;
  description: string;
  /** Undefined: a folder inherits from its parent; a collection sends none. */
  auth: Auth | undefined;
  scripts: Scripts;
  variables: VariableEdit[];
  /** Undefined when the level sets none of the TLS/redirect settings. */
  protocolProfileBehavior: ProtocolProfileBehavior | undefined;
}

/** The patch both `collections.update` and `items.update` (for a folder) accept. */
export type LevelPatch = InputOf<'collections.update'>['patch'] & InputOf<'items.update'>['patch'];

export function draftOf(level: LevelView): LevelDraft {
  const behavior = level.protocolProfileBehavior;
  return {
    name: level.name,
    description: level.description ?? '',
    auth: level.auth,
    scripts: { ...level.scripts },
    variables: level.variables.map((v) => ({ ...v }) as VariableEdit),
    protocolProfileBehavior: behavior && Object.keys(behavior).length > 0 ? { ...behavior } : undefined,
  };
}

/** What a save sends: every field, so the stored level becomes exactly the draft; null clears auth or settings. */
export function patchOf(draft: LevelDraft): LevelPatch {
  const behavior = draft.protocolProfileBehavior;
  const name = draft.name.trim();
  return {
    ...(name === '' ? {} : { name }),
    description: draft.description,
    auth: draft.auth ?? null,
    scripts: draft.scripts,
    variables: draft.variables.filter((v) => v.key.trim() !== ''),
    protocolProfileBehavior: behavior && Object.keys(behavior).length > 0 ? behavior : null,
  };
}

/** Why a draft cannot be saved as it is, or null. */
export function draftProblem(draft: LevelDraft): string | null {
  if (draft.name.trim() === '') return 'Give it a name before saving.';
  return null;
}

/** A folder by id with the folders above it (outermost first). */
export function findFolder(items: readonly ItemView[], folderId: string, parents: FolderView[] = []): { folder: FolderView; parents: FolderView[] } | undefined {
  for (const item of items) {
    if (item.kind !== 'folder') continue;
    if (item.id === folderId) return { folder: item, parents };
    const found = findFolder(item.items, folderId, [...parents, item]);
    if (found) return found;
  }
  return undefined;
}

/** The item's id and the ids of everything inside it, at any depth (what deleting it takes away). */
export function idsUnder(items: readonly ItemView[], itemId: string): string[] {
  const all = (list: readonly ItemView[]): string[] => list.flatMap((item) => [item.id, ...(item.kind === 'folder' ? all(item.items) : [])]);
  for (const item of items) {
    if (item.id === itemId) return [item.id, ...(item.kind === 'folder' ? all(item.items) : [])];
    if (item.kind === 'folder') {
      const found = idsUnder(item.items, itemId);
      if (found.length > 0) return found;
    }
  }
  return [];
}

/** How many requests sit under a list of items, at any depth. */
export function countRequests(items: readonly ItemView[]): number {
  let count = 0;
  for (const item of items) count += item.kind === 'request' ? 1 : countRequests(item.items);
  return count;
}

/** One level above the one being edited, named for notes such as “Inherited from Collection “Shop””. */
export interface AboveLevel {
  label: string;
  auth?: Auth | undefined;
  behavior?: ProtocolProfileBehavior | undefined;
}

/** The levels above a folder, outermost first: the collection, then its folders. A collection has none. */
export function levelsAbove(view: CollectionView, folderId: string | null): AboveLevel[] {
  if (folderId === null) return [];
  const found = findFolder(view.items, folderId);
  return [
    { label: `Collection “${view.name}”`, auth: view.auth, behavior: view.protocolProfileBehavior },
    ...(found?.parents ?? []).map((f) => ({ label: `Folder “${f.name}”`, auth: f.auth, behavior: f.protocolProfileBehavior })),
  ];
}

export interface InheritedValue<T> {
  value: T;
  from: string;
}

/** The auth a level without its own uses: the nearest level above that sets one. */
export function nearestAuth(levels: readonly AboveLevel[]): InheritedValue<Auth> | null {
  for (let i = levels.length - 1; i >= 0; i--) {
    const level = levels[i];
    if (level?.auth) return { value: level.auth, from: level.label };
  }
  return null;
}

/** One TLS/redirect setting as the nearest level above sets it. */
export function nearestBehavior<K extends keyof ProtocolProfileBehavior>(levels: readonly AboveLevel[], key: K): InheritedValue<NonNullable<ProtocolProfileBehavior[K]>> | null {
  for (let i = levels.length - 1; i >= 0; i--) {
    const level = levels[i];
    const value = level?.behavior?.[key];
    if (level && value !== undefined && value !== null) return { value: value as NonNullable<ProtocolProfileBehavior[K]>, from: level.label };
  }
  return null;
}

/** The app setting (dotted key, as `settings.get` names its fields) each protocol setting falls back to. */
export const APP_SETTING_OF = {
  strictSSL: 'tls.strictSSL',
  tlsDisabledProtocols: 'tls.disabledProtocols',
  tlsCipherSelection: 'tls.cipherSelection',
  tlsPreferServerCiphers: 'tls.preferServerCiphers',
  followRedirects: 'redirects.follow',
  maxRedirects: 'redirects.max',
  followOriginalHttpMethod: 'redirects.followOriginalMethod',
  followAuthorizationHeader: 'redirects.keepAuthorizationCrossOrigin',
  requestTimeout: 'timeouts.requestMs',
} as const satisfies Partial<Record<keyof ProtocolProfileBehavior, string>>;

export type LevelSettingKey = keyof typeof APP_SETTING_OF;

/** A draft with one protocol setting set, or removed (undefined: inherit again). */
export function withBehavior(draft: LevelDraft, key: LevelSettingKey, value: unknown): LevelDraft {
  const next: Record<string, unknown> = { ...draft.protocolProfileBehavior };
  if (value === undefined) delete next[key];
  else next[key] = value;
  return { ...draft, protocolProfileBehavior: Object.keys(next).length > 0 ? (next as ProtocolProfileBehavior) : undefined };
}
