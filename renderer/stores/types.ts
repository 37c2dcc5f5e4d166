import type { z } from 'zod';
import type { OutputOf } from '../../src/api/index.js';
import type { CollectionViewSchema } from '../../src/api/index.js';

export type WorkspaceView = OutputOf<'workspaces.list'>['workspaces'][number];
export type CollectionSummary = OutputOf<'collections.list'>['collections'][number];
export type CollectionTree = OutputOf<'collections.tree'>;
export type EnvironmentSummary = OutputOf<'environments.list'>['environments'][number];
export type HistoryEntry = OutputOf<'history.list'>['entries'][number];
export type CollectionView = z.output<typeof CollectionViewSchema>;
export type ItemView = CollectionView['items'][number];
export type SettingsOutput = OutputOf<'settings.get'>;
export type CertificateView = OutputOf<'certificates.list'>['certificates'][number];
