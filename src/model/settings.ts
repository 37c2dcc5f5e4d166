import { z } from 'zod';
import { TlsProtocolSchema } from './tls.js';

/** A client certificate offered to one host (and port). `host` may start with `*.` for one label. */
export const ClientCertificateSchema = z
  .object({
    host: z.string().min(1),
    /** Defaults to 443. */
    port: z.number().int().min(1).max(65535).optional(),
    cert: z.string().optional(),
    key: z.string().optional(),
    pfx: z.string().optional(),
    /** Plaintext only in memory; at rest the vault seals it. */
    passphrase: z.string().optional(),
    enabled: z.boolean().default(true),
  })
  .refine((c) => (c.pfx !== undefined) !== (c.cert !== undefined || c.key !== undefined), {
    message: 'a client certificate is either a PFX file or a PEM certificate and key',
  })
  .refine((c) => c.pfx !== undefined || (c.cert !== undefined && c.key !== undefined), {
    message: 'a PEM client certificate needs both cert and key',
  });
export type ClientCertificate = z.infer<typeof ClientCertificateSchema>;

export const ProxySettingsSchema = z.object({
  enabled: z.boolean().default(false),
  /** `http://host:port` or `https://host:port`; credentials may be in the URL or below. */
  url: z.string().optional(),
  username: z.string().optional(),
  password: z.string().optional(),
  /** Which request schemes go through the proxy. */
  protocols: z.array(z.enum(['http', 'https'])).default(['http', 'https']),
  /** Hosts that bypass the proxy: `example.com`, `.example.com`, `*.example.com`, `10.0.0.1`, `host:port`, `*`. */
  bypass: z.array(z.string()).default([]),
});
export type ProxySettings = z.infer<typeof ProxySettingsSchema>;

export const TlsDefaultsSchema = z.object({
  strictSSL: z.boolean().default(true),
  /** Disabled unless a request says otherwise: TLS 1.0 and 1.1 are off by default. */
  disabledProtocols: z.array(TlsProtocolSchema).default(['TLSv1', 'TLSv1_1']),
  cipherSelection: z.array(z.string()).default([]),
  preferServerCiphers: z.boolean().default(false),
});
export type TlsDefaults = z.infer<typeof TlsDefaultsSchema>;

export const SettingsSchema = z.object({
  tls: TlsDefaultsSchema.default(TlsDefaultsSchema.parse({})),
  caCertificates: z
    .object({ enabled: z.boolean().default(false), paths: z.array(z.string()).default([]) })
    .default({ enabled: false, paths: [] }),
  clientCertificates: z.array(ClientCertificateSchema).default([]),
  proxy: ProxySettingsSchema.default(ProxySettingsSchema.parse({})),
  timeouts: z
    .object({
      /** Time allowed to open the connection (TCP, proxy tunnel and TLS). */
      connectMs: z.number().int().min(0).default(30_000),
      /** Whole request, 0 for none (Postman's default). */
      requestMs: z.number().int().min(0).default(0),
    })
    .default({ connectMs: 30_000, requestMs: 0 }),
  redirects: z
    .object({
      follow: z.boolean().default(true),
      max: z.number().int().min(0).default(10),
      followOriginalMethod: z.boolean().default(false),
      keepAuthorizationCrossOrigin: z.boolean().default(false),
      removeReferer: z.boolean().default(false),
    })
    .default({ follow: true, max: 10, followOriginalMethod: false, keepAuthorizationCrossOrigin: false, removeReferer: false }),
  /** 0 for no limit. Postman's default is 50 MB. */
  maxResponseSizeMb: z.number().min(0).default(50),
  cookies: z.object({ enabled: z.boolean().default(true) }).default({ enabled: true }),
  /** Sent requests kept in history (0 keeps none); the oldest beyond this are pruned. */
  history: z
    .object({ maxEntries: z.number().int().min(0).default(10_000) })
    .default({ maxEntries: 10_000 }),
  /** Write TLS session secrets in NSS key log format (for Wireshark) to this file. */
  sslKeyLogFile: z.string().optional(),
});
export type Settings = z.infer<typeof SettingsSchema>;

export function defaultSettings(): Settings {
  return SettingsSchema.parse({});
}
