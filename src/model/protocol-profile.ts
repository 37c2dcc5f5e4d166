import { z } from 'zod';
import { TlsProtocolSchema } from './tls.js';

/**
 * Postman's `protocolProfileBehavior`: per collection, folder and request; the most specific level that
 * sets a key wins. Unknown keys are kept so a round trip loses nothing Postman may add.
 */
export const ProtocolProfileBehaviorSchema = z.looseObject({
  strictSSL: z.boolean().optional(),
  tlsDisabledProtocols: z.array(TlsProtocolSchema).optional(),
  tlsCipherSelection: z.array(z.string()).optional(),
  tlsPreferServerCiphers: z.boolean().optional(),
  followRedirects: z.boolean().optional(),
  followOriginalHttpMethod: z.boolean().optional(),
  followAuthorizationHeader: z.boolean().optional(),
  maxRedirects: z.number().int().min(0).optional(),
  removeRefererHeaderOnRedirect: z.boolean().optional(),
  disableBodyPruning: z.boolean().optional(),
  disableUrlEncoding: z.boolean().optional(),
  disableCookies: z.boolean().optional(),
  insecureHTTPParser: z.boolean().optional(),
  /**
   * Postern's per-level request timeout in ms (0: none), over the app's `timeouts.requestMs`. Postman
   * has no such key; it keeps unknown keys, so an exported collection round-trips through it.
   */
  requestTimeout: z.number().int().min(0).optional(),
});
export type ProtocolProfileBehavior = z.infer<typeof ProtocolProfileBehaviorSchema>;
