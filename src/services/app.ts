import { POSTERN_VERSION } from '../version.js';
import type { GroupHandlers } from './handlers.js';

/** `app.*`: facts about the running app. */
export const appHandlers: GroupHandlers<'app'> = {
  'app.version': async () => ({
    version: POSTERN_VERSION,
    ...(process.versions['electron'] === undefined ? {} : { electron: process.versions['electron'] }),
    node: process.versions.node,
    platform: process.platform,
    arch: process.arch,
  }),
};
