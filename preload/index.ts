/**
 * The preload script: runs sandboxed, before the renderer, and puts exactly the contract on
 * `window.postern`. Bundled into one CommonJS file (dist/preload/index.cjs) because a sandboxed
 * preload cannot load modules of its own.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { exposePostern } from './bridge.js';

exposePostern(contextBridge, ipcRenderer);
