import type { z } from 'zod';
import type { PolicyEntryViewSchema } from '../api/ops-settings.js';
import { effectiveSettings } from './effective-settings.js';
import type { GroupHandlers } from './handlers.js';

type PolicyEntryView = z.output<typeof PolicyEntryViewSchema>;

/** `policy.effective`: every key with its value and source, and what was wrong in the profiles. */
export const policyHandlers: GroupHandlers<'policy'> = {
  'policy.effective': async (ctx) => {
    const { policy } = effectiveSettings(ctx);
    return {
      entries: policy.entries.map(
        (entry): PolicyEntryView => ({
          key: entry.key,
          // Every value passed its key's schema (JSON data), or is a default/strictest value of the same shape.
          value: (entry.value ?? null) as PolicyEntryView['value'],
          source: entry.source,
          locked: entry.locked,
          security: entry.security,
          ...(entry.origin === undefined ? {} : { origin: entry.origin }),
          ...(entry.failedClosed === undefined ? {} : { failedClosed: entry.failedClosed }),
        }),
      ),
      problems: policy.problems.map((p) => ({ level: p.level, origin: p.origin, ...(p.key === undefined ? {} : { key: p.key }), message: p.message, action: p.action })),
    };
  },
};
