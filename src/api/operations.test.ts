import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { OPERATIONS, OPERATION_NAMES } from './operations.js';
import { EVENTS } from './events.js';
import { EnvironmentViewSchema } from './ops-environments.js';
import { CollectionViewSchema } from './ops-collections.js';
import { SettingsViewSchema } from './ops-settings.js';
import { defaultSettings } from '../model/index.js';

const REQUIRED = [
  'requests.send', 'requests.cancel',
  'workspaces.list', 'workspaces.create', 'workspaces.rename', 'workspaces.delete',
  'collections.list', 'collections.tree', 'collections.get', 'collections.import', 'collections.export',
  'collections.create', 'collections.update', 'collections.delete',
  'items.add', 'items.update', 'items.move', 'items.delete', 'items.duplicate',
  'environments.list', 'environments.get', 'environments.save', 'environments.delete', 'environments.import', 'environments.export',
  'secrets.reveal', 'globals.get', 'globals.save',
  'history.list', 'history.get', 'history.clear',
  'cookies.list', 'cookies.delete', 'cookies.clear',
  'settings.get', 'settings.save',
  'certificates.list', 'certificates.add', 'certificates.remove',
  'runner.start', 'runner.cancel', 'policy.effective', 'app.version',
];

describe('OPERATIONS', () => {
  it('covers every operation the desktop app needs', () => {
    for (const name of REQUIRED) expect(OPERATION_NAMES, name).toContain(name);
  });

  it('gives every operation input and output schemas and a description', () => {
    for (const [name, spec] of Object.entries(OPERATIONS)) {
      expect(name).toMatch(/^[a-z]+\.[a-z][A-Za-z]*$/);
      expect(spec.input, name).toBeInstanceOf(z.ZodType);
      expect(spec.output, name).toBeInstanceOf(z.ZodType);
      expect(spec.description.length, name).toBeGreaterThan(10);
    }
  });

  it('defines the event streams with payload schemas', () => {
    expect(Object.keys(EVENTS).sort()).toEqual(['runner.progress', 'sync.status']);
    expect(EVENTS['sync.status'].payload.safeParse({ state: 'synced' }).success).toBe(true);
    expect(EVENTS['sync.status'].payload.safeParse({ state: 'napping' }).success).toBe(false);
    const done = {
      runId: 'r1',
      event: {
        type: 'done',
        stats: Object.fromEntries(['iterations', 'items', 'requests', 'assertions', 'testScripts', 'prerequestScripts'].map((k) => [k, { total: 1, pending: 0, failed: 0 }])),
        failures: [],
        durationMs: 12,
        stopped: null,
        error: null,
      },
    };
    expect(EVENTS['runner.progress'].payload.safeParse(done).success).toBe(true);
    // A stack must not ride along on a run error.
    const withStack = { runId: 'r1', event: { ...done.event, error: { name: 'Error', message: 'x', stack: 'at foo (/app/x.js:1)' } } };
    expect(EVENTS['runner.progress'].payload.safeParse(withStack).success).toBe(false);
  });
});

describe('secret values in outputs', () => {
  const masked = { key: 'token', type: 'secret', enabled: true, initialValue: { secret: true, set: true }, currentValue: { secret: true, set: false } };

  it('accept a masked secret', () => {
    expect(EnvironmentViewSchema.safeParse({ id: 'e1', name: 'Dev', values: [masked] }).success).toBe(true);
  });

  it('reject a plaintext where a secret is, in environments, globals and collections', () => {
    const leaked = { ...masked, currentValue: 'hunter2' };
    expect(EnvironmentViewSchema.safeParse({ id: 'e1', name: 'Dev', values: [leaked] }).success).toBe(false);
    expect(OPERATIONS['globals.get'].output.safeParse({ id: 'g', name: 'Globals', values: [{ ...masked, initialValue: 'hunter2' }] }).success).toBe(false);
    expect(CollectionViewSchema.safeParse({ id: 'c', name: 'C', variables: [leaked] }).success).toBe(false);
    const folder = (variables: unknown[]) => ({
      id: 'c', name: 'C', variables: [],
      items: [{ kind: 'folder', id: 'f', name: 'F', variables: [], items: [{ kind: 'folder', id: 'g', name: 'G', items: [], variables }] }],
    });
    expect(CollectionViewSchema.safeParse(folder([masked])).success).toBe(true);
    expect(CollectionViewSchema.safeParse(folder([leaked])).success).toBe(false);
    // Nor can a marker smuggle the value as an extra field.
    const smuggled = { ...masked, currentValue: { secret: true, set: true, value: 'hunter2' } };
    expect(EnvironmentViewSchema.safeParse({ id: 'e1', name: 'Dev', values: [smuggled] }).success).toBe(false);
  });

  it('reject a proxy password in settings output', () => {
    const { clientCertificates: _omit, ...settings } = defaultSettings();
    expect(SettingsViewSchema.safeParse(settings).success).toBe(true);
    const leaked = { ...settings, proxy: { ...settings.proxy, password: 'hunter2' } };
    expect(SettingsViewSchema.safeParse(leaked).success).toBe(false);
  });

  it('only secrets.reveal returns a plaintext value', () => {
    const out = OPERATIONS['secrets.reveal'].output.parse({ key: 'token', value: 'hunter2' });
    expect(out.value).toBe('hunter2');
  });
});
