import { useEffect, useMemo } from 'react';
import { findRequest, useCollectionCache } from '../stores/collection-cache.js';
import type { RequestTab } from '../stores/tabs-store.js';
import { knownVariables, useVariables, type KnownVariable } from '../stores/variables-store.js';
import { useWorkspace } from '../stores/workspace-store.js';

/** The variables a tab's request can use, for highlighting `{{names}}`. */
export function useKnownVariables(tab: RequestTab | undefined): Map<string, KnownVariable> {
  const workspaceId = useWorkspace((s) => s.workspaceId);
  const environmentId = useWorkspace((s) => s.environmentId);
  const environment = useVariables((s) => s.environment);
  const globals = useVariables((s) => s.globals);
  const collection = useCollectionCache((s) => (tab?.collectionId ? s.views[tab.collectionId] : undefined));

  useEffect(() => {
    void useVariables.getState().refresh(workspaceId, environmentId);
  }, [workspaceId, environmentId]);

  return useMemo(() => {
    const found = collection && tab?.itemId ? findRequest(collection.items, tab.itemId) : undefined;
    return knownVariables({ globals, environment, collection: collection?.variables, folders: found?.parents.map((f) => f.variables) ?? [] });
  }, [globals, environment, collection, tab?.itemId]);
}
