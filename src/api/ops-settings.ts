import { z } from 'zod';
import { ClientCertificateSchema, ProxySettingsSchema, SettingsSchema } from '../model/index.js';
import { IdSchema, JsonSchema, NoInputSchema, SecretMarkerSchema } from './common.js';

/** Which layer a value came from, highest precedence first (src/policy's PolicySource). */
export const ValueSourceSchema = z.enum(['machine-policy', 'user-policy', 'user-setting', 'default']);

/** Settings as outputs show them: the proxy password masked; client certificates live under `certificates.*`. */
export const SettingsViewSchema = SettingsSchema.omit({ clientCertificates: true }).extend({
  proxy: ProxySettingsSchema.extend({ password: SecretMarkerSchema.optional() }),
});

/** One setting by dotted key (`tls.strictSSL`), with whether policy fixes it and where it came from. */
export const SettingFieldSchema = z.strictObject({
  key: z.string(),
  value: z.union([SecretMarkerSchema, JsonSchema]),
  locked: z.boolean(),
  source: ValueSourceSchema,
  /** The policy file or registry key that set it. */
  origin: z.string().optional(),
});

const SettingsOutputSchema = z.strictObject({ settings: SettingsViewSchema, fields: z.array(SettingFieldSchema) });

/** A save names whole top-level groups; groups left out are kept. The proxy password may be its marker (keep). */
export const SettingsPatchSchema = SettingsSchema.omit({ clientCertificates: true })
  .extend({ proxy: ProxySettingsSchema.extend({ password: z.union([z.string(), SecretMarkerSchema]).optional() }) })
  .partial();

export const CertificateViewSchema = z.strictObject({
  id: IdSchema,
  host: z.string(),
  port: z.number().int().min(1).max(65535),
  kind: z.enum(['pem', 'pfx']),
  /** Paths of the files as configured. */
  certPath: z.string().optional(),
  keyPath: z.string().optional(),
  pfxPath: z.string().optional(),
  /** A passphrase is stored (sealed); its text is never shown. */
  passphrase: SecretMarkerSchema,
  enabled: z.boolean(),
  source: ValueSourceSchema,
  locked: z.boolean(),
  subject: z.string().optional(),
  notAfter: z.string().optional(),
});

export const settingsOperations = {
  'settings.get': {
    description: 'The effective settings, each with whether policy locks it and where it came from.',
    input: NoInputSchema,
    output: SettingsOutputSchema,
  },
  'settings.save': {
    description: 'Save user settings; a change to a policy-locked value is refused.',
    input: z.strictObject({ patch: SettingsPatchSchema }),
    output: SettingsOutputSchema,
  },
} as const;

export const certificateOperations = {
  'certificates.list': {
    description: 'Client certificates, from settings and policy.',
    input: NoInputSchema,
    output: z.strictObject({ certificates: z.array(CertificateViewSchema) }),
  },
  'certificates.add': {
    description: 'Add a client certificate (PEM cert and key, or PFX) for a host; the passphrase is sealed in the vault.',
    input: ClientCertificateSchema,
    output: CertificateViewSchema,
  },
  'certificates.remove': {
    description: 'Remove a user-added client certificate.',
    input: z.strictObject({ certificateId: IdSchema }),
    output: z.strictObject({ removed: z.boolean() }),
  },
} as const;

export const PolicyEntryViewSchema = z.strictObject({
  key: z.string(),
  value: JsonSchema,
  source: ValueSourceSchema,
  locked: z.boolean(),
  security: z.boolean(),
  origin: z.string().optional(),
  failedClosed: z.boolean().optional(),
});

export const PolicyProblemViewSchema = z.strictObject({
  level: z.enum(['machine', 'user']),
  origin: z.string(),
  key: z.string().optional(),
  message: z.string(),
  action: z.enum(['ignored', 'failed-closed']),
});

export const policyOperations = {
  'policy.effective': {
    description: 'Every policy key with its effective value and source, and the problems found reading profiles.',
    input: NoInputSchema,
    output: z.strictObject({ entries: z.array(PolicyEntryViewSchema), problems: z.array(PolicyProblemViewSchema) }),
  },
} as const;

export const appOperations = {
  'app.version': {
    description: 'Versions of the app and the runtime it is on.',
    input: NoInputSchema,
    output: z.strictObject({
      version: z.string(),
      electron: z.string().optional(),
      node: z.string(),
      platform: z.string(),
      arch: z.string(),
    }),
  },
} as const;
