import { z } from 'zod';

/** Postman's names for the protocol versions a request may disable, lowest first. */
export const TLS_PROTOCOLS = ['TLSv1', 'TLSv1_1', 'TLSv1_2', 'TLSv1_3'] as const;
export const TlsProtocolSchema = z.enum(TLS_PROTOCOLS);
export type TlsProtocol = z.infer<typeof TlsProtocolSchema>;

/** The name OpenSSL and Node report for each protocol (`tlsSocket.getProtocol()`). */
export const TLS_PROTOCOL_WIRE_NAME: Readonly<Record<TlsProtocol, 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3'>> = {
  TLSv1: 'TLSv1',
  TLSv1_1: 'TLSv1.1',
  TLSv1_2: 'TLSv1.2',
  TLSv1_3: 'TLSv1.3',
};
