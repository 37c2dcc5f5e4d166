import type { DragEvent } from 'react';

/** The drag data type for tree items, so other drags (files) are told apart. */
export const DRAG_TYPE = 'application/x-postern-item';

export interface ItemDrag {
  collectionId: string;
  itemId: string;
}

export function startDrag(event: DragEvent, drag: ItemDrag): void {
  event.dataTransfer.setData(DRAG_TYPE, JSON.stringify(drag));
  event.dataTransfer.effectAllowed = 'move';
}

export function readDrag(event: DragEvent): ItemDrag | null {
  const text = event.dataTransfer.getData(DRAG_TYPE);
  if (text === '') return null;
  event.preventDefault();
  event.stopPropagation();
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && 'collectionId' in value && 'itemId' in value) {
      const { collectionId, itemId } = value as Record<string, unknown>;
      if (typeof collectionId === 'string' && typeof itemId === 'string') return { collectionId, itemId };
    }
  } catch {
    // Not ours.
  }
  return null;
}
