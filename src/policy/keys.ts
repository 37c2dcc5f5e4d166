import { z } from 'zod';
import { TLS_PROTOCOLS } from '../model/index.js';

/** How a key is stored; drives the admin templates (ADMX element, plist type, JSON type). */
export type PolicyKind =
  | { readonly type: 'boolean' }
  | { readonly type: 'integer'; readonly min: number; readonly max: number }
  | { readonly type: 'string' }
  | { readonly type: 'enum'; readonly values: readonly string[] }
  | { readonly type: 'stringList' }
  /** A list of objects: native in JSON and plists, a JSON text (REG_SZ) in the registry. */
  | { readonly type: 'objectList' };

export type PolicyCategory = 'Sign-in' | 'Updates' | 'TLS' | 'Certificates' | 'Network' | 'Workspaces' | 'Scripts' | 'Privacy';

export interface PolicyKeyDefinition {
  readonly name: string;
  readonly category: PolicyCategory;
  readonly description: string;
  readonly kind: PolicyKind;
  /** Validates a value a profile sets. */
  readonly schema: z.ZodType;
  /** The value when nothing sets the key; `null` means "no restriction". */
  readonly default: unknown;
  /** Security keys fail closed: a malformed value takes `strictest`. */
  readonly security: boolean;
  readonly strictest?: unknown;
  /** Used in the shipped example profiles. */
  readonly example: unknown;
}

const httpsUrl = z.url({ protocol: /^https$/, error: 'expected an https:// URL' });
const proxyUrl = z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' });
const domain = z.string().regex(/^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/i, 'expected a domain name like example.com');
const nonEmpty = z.string().min(1, 'expected a non-empty string');

/** Legacy suites (no forward secrecy, CBC with SHA-1, 3DES, RC4) barred when DisallowedCiphers fails closed. */
export const LEGACY_CIPHERS: readonly string[] = [
  'AES128-SHA', 'AES256-SHA', 'AES128-SHA256', 'AES256-SHA256', 'AES128-GCM-SHA256', 'AES256-GCM-SHA384',
  'DES-CBC3-SHA', 'RC4-SHA', 'RC4-MD5', 'ECDHE-RSA-AES128-SHA', 'ECDHE-RSA-AES256-SHA', 'ECDHE-ECDSA-AES128-SHA',
  'ECDHE-ECDSA-AES256-SHA', 'ECDHE-RSA-DES-CBC3-SHA',
];

export const PolicyClientCertificateSchema = z
  .strictObject({
    host: nonEmpty,
    port: z.number().int().min(1).max(65535).optional(),
    cert: nonEmpty.optional(),
    key: nonEmpty.optional(),
    pfx: nonEmpty.optional(),
  })
  .refine((c) => (c.pfx !== undefined) !== (c.cert !== undefined && c.key !== undefined), {
    message: 'a client certificate is either a pfx file or a PEM cert and key',
  });
export type PolicyClientCertificate = z.infer<typeof PolicyClientCertificateSchema>;

function bool(name: string, category: PolicyCategory, description: string, security: boolean): PolicyKeyDefinition {
  return { name, category, description, kind: { type: 'boolean' }, schema: z.boolean(), default: false, security, ...(security ? { strictest: true } : {}), example: true };
}

function list(name: string, category: PolicyCategory, description: string, item: z.ZodType, extra: Pick<PolicyKeyDefinition, 'default' | 'security' | 'example'> & { strictest?: unknown }): PolicyKeyDefinition {
  return { name, category, description, kind: { type: 'stringList' }, schema: z.array(item), ...extra };
}

/** Every policy key, in the order admins see them. The templates, docs and validation all come from here. */
export const POLICY_KEYS: readonly PolicyKeyDefinition[] = [
  list('AllowedTeamIds', 'Sign-in', 'Team ids users may sign in to. Unset: any team. An empty list allows none.', nonEmpty, { default: null, security: true, strictest: [], example: ['acme-prod'] }),
  list('AllowedEmailDomains', 'Sign-in', 'Email domains users may sign in with. Unset: any domain. An empty list allows none.', domain, { default: null, security: true, strictest: [], example: ['example.com'] }),
  { name: 'TeamServerUrl', category: 'Sign-in', description: 'The team server the app signs in to (https).', kind: { type: 'string' }, schema: httpsUrl, default: null, security: false, example: 'https://postern.example.com' },
  bool('DisableAutoUpdate', 'Updates', 'Turn off automatic updates.', false),
  { name: 'UpdateChannel', category: 'Updates', description: 'The update channel: stable or beta.', kind: { type: 'enum', values: ['stable', 'beta'] }, schema: z.enum(['stable', 'beta']), default: 'stable', security: false, example: 'stable' },
  { name: 'UpdateUrl', category: 'Updates', description: 'Where the app looks for updates (https), e.g. an internal mirror.', kind: { type: 'string' }, schema: httpsUrl, default: null, security: false, example: 'https://updates.example.com/postern' },
  bool('ForceSslVerification', 'TLS', 'Always verify server certificates; requests cannot turn verification off.', true),
  { name: 'MinimumTlsVersion', category: 'TLS', description: 'The lowest TLS version any request may use (TLSv1, TLSv1_1, TLSv1_2, TLSv1_3). Lower versions are disabled.', kind: { type: 'enum', values: TLS_PROTOCOLS }, schema: z.enum(TLS_PROTOCOLS), default: null, security: true, strictest: 'TLSv1_3', example: 'TLSv1_2' },
  list('DisallowedCiphers', 'TLS', 'Cipher suites (OpenSSL names) no request may offer.', nonEmpty, { default: [], security: true, strictest: LEGACY_CIPHERS, example: ['DES-CBC3-SHA', 'RC4-SHA'] }),
  list('ExtraCaCertificates', 'Certificates', 'PEM files of CA certificates trusted in addition to the system roots.', nonEmpty, { default: [], security: true, strictest: [], example: ['/etc/ssl/certs/corp-root.pem'] }),
  { name: 'ClientCertificates', category: 'Certificates', description: 'Client certificates per host: objects with host, optional port, and cert+key or pfx file paths.', kind: { type: 'objectList' }, schema: z.array(PolicyClientCertificateSchema), default: [], security: false, example: [{ host: 'mtls.example.com', port: 443, cert: '/etc/postern/client.pem', key: '/etc/postern/client.key' }] },
  { name: 'ProxyUrl', category: 'Network', description: 'Send requests through this proxy (http:// or https://).', kind: { type: 'string' }, schema: proxyUrl, default: null, security: false, example: 'http://proxy.example.com:3128' },
  list('ProxyBypass', 'Network', 'Hosts that bypass the proxy: example.com, .example.com, *.example.com, 10.0.0.1, host:port.', nonEmpty, { default: [], security: false, example: ['localhost', '.example.com'] }),
  bool('DisableSignedOutWorkspaces', 'Workspaces', 'Users must sign in: no local workspaces without an account.', true),
  bool('DisableScripts', 'Scripts', 'Do not run pre-request or test scripts.', true),
  { name: 'ScriptTimeoutMs', category: 'Scripts', description: 'The most time one script may run, in milliseconds (500 to 600000).', kind: { type: 'integer', min: 500, max: 600_000 }, schema: z.number().int().min(500).max(600_000), default: 5000, security: true, strictest: 500, example: 2000 },
  { name: 'ScriptMemoryLimitMb', category: 'Scripts', description: 'The most memory the script sandbox may use, in MiB (16 to 1024).', kind: { type: 'integer', min: 16, max: 1024 }, schema: z.number().int().min(16).max(1024), default: 64, security: true, strictest: 16, example: 32 },
  bool('DisableSecretExport', 'Privacy', 'Never export secret values (in environments, collections or globals).', true),
  bool('DisableTelemetry', 'Privacy', 'Send no usage data.', true),
];

const BY_NAME = new Map(POLICY_KEYS.map((k) => [k.name, k]));

export function policyKey(name: string): PolicyKeyDefinition | undefined {
  return BY_NAME.get(name);
}

/** A profile as admins write it: any subset of the keys, nothing else. */
export function policyProfileSchema(): z.ZodObject {
  return z.strictObject(Object.fromEntries(POLICY_KEYS.map((k) => [k.name, k.schema.optional().describe(k.description)])));
}
