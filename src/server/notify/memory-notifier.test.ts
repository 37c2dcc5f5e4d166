import { describe, expect, it } from 'vitest';
import { createListenerRegistry, memoryNotifier } from './memory-notifier.js';
import type { WorkspaceChange } from './types.js';

function recorder(): { readonly heard: WorkspaceChange[]; readonly listener: (change: WorkspaceChange) => void } {
  const heard: WorkspaceChange[] = [];
  return { heard, listener: (change) => heard.push(change) };
}

describe('memoryNotifier', () => {
  it('delivers a change to every subscriber of that workspace and to no other workspace', async () => {
    const notifier = memoryNotifier();
    const first = recorder();
    const alsoFirst = recorder();
    const other = recorder();
    notifier.subscribe('ws_1', first.listener);
    notifier.subscribe('ws_1', alsoFirst.listener);
    notifier.subscribe('ws_2', other.listener);

    await notifier.publish({ workspaceId: 'ws_1', seq: 4 });

    expect(first.heard).toEqual([{ workspaceId: 'ws_1', seq: 4 }]);
    expect(alsoFirst.heard).toEqual([{ workspaceId: 'ws_1', seq: 4 }]);
    expect(other.heard).toEqual([]);
  });

  it('stops delivering after unsubscribe, and a second unsubscribe changes nothing', async () => {
    const notifier = memoryNotifier();
    const gone = recorder();
    const staying = recorder();
    const unsubscribe = notifier.subscribe('ws_1', gone.listener);
    notifier.subscribe('ws_1', staying.listener);
    await notifier.publish({ workspaceId: 'ws_1', seq: 1 });
    unsubscribe();
    unsubscribe();
    await notifier.publish({ workspaceId: 'ws_1', seq: 2 });

    expect(gone.heard.map((c) => c.seq)).toEqual([1]);
    expect(staying.heard.map((c) => c.seq)).toEqual([1, 2]);
  });

  it('keeps delivering to the other listeners when one throws', async () => {
    const notifier = memoryNotifier();
    const after = recorder();
    notifier.subscribe('ws_1', () => {
      throw new Error('the stream is closed');
    });
    notifier.subscribe('ws_1', after.listener);

    await expect(notifier.publish({ workspaceId: 'ws_1', seq: 7 })).resolves.toBeUndefined();
    expect(after.heard.map((c) => c.seq)).toEqual([7]);
  });

  it('delivers nothing after close, to old or new subscribers', async () => {
    const notifier = memoryNotifier();
    const before = recorder();
    const late = recorder();
    notifier.subscribe('ws_1', before.listener);
    await notifier.close();
    const unsubscribe = notifier.subscribe('ws_1', late.listener);
    await notifier.publish({ workspaceId: 'ws_1', seq: 1 });
    unsubscribe();

    expect(before.heard).toEqual([]);
    expect(late.heard).toEqual([]);
  });
});

describe('createListenerRegistry', () => {
  it('lets a listener unsubscribe while a change is being delivered without skipping the others', () => {
    const registry = createListenerRegistry();
    const second = recorder();
    const unsubscribeFirst = registry.subscribe('ws_1', () => unsubscribeFirst());
    registry.subscribe('ws_1', second.listener);

    registry.deliver({ workspaceId: 'ws_1', seq: 1 });
    registry.deliver({ workspaceId: 'ws_1', seq: 2 });

    expect(second.heard.map((c) => c.seq)).toEqual([1, 2]);
  });

  it('forgets every listener on clear', () => {
    const registry = createListenerRegistry();
    const listener = recorder();
    registry.subscribe('ws_1', listener.listener);
    registry.clear();
    registry.deliver({ workspaceId: 'ws_1', seq: 1 });
    expect(listener.heard).toEqual([]);
  });
});
