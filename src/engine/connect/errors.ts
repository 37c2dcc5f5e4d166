import { PosternError } from '../../model/index.js';

interface NodeTlsError extends Error {
  code?: string;
  reason?: string;
  library?: string;
}

const CERT_VERIFY_CODES: Readonly<Record<string, string>> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the server certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'the server chain ends in a self-signed certificate that is not trusted',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the server certificate is not signed by a trusted CA',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'the issuer of the server certificate is not trusted',
  UNABLE_TO_GET_ISSUER_CERT: 'the issuer of the server certificate is unknown',
  CERT_HAS_EXPIRED: 'the server certificate has expired',
  CERT_NOT_YET_VALID: 'the server certificate is not valid yet',
  ERR_TLS_CERT_ALTNAME_INVALID: 'the server certificate is not valid for this host name',
  CERT_REVOKED: 'the server certificate is revoked',
};

/** One readable line for a failure while connecting, saying which side refused and OpenSSL's reason. */
export function connectError(error: unknown, where: { host: string; port: number; via?: string | undefined; isProxy?: boolean }): PosternError {
  if (error instanceof PosternError) return error;
  const err = (error instanceof Error ? error : new Error(String(error))) as NodeTlsError;
  const target = where.isProxy
    ? `proxy ${where.host}:${where.port}${where.via ? ` (on the way to ${where.via})` : ''}`
    : `${where.host}:${where.port}${where.via ? ` via proxy ${where.via}` : ''}`;
  const code = err.code ?? '';

  const verify = CERT_VERIFY_CODES[code];
  if (verify) {
    return new PosternError('TLS_CERT_VERIFY', `TLS certificate check failed for ${target}: ${verify} (${code}); add its CA or turn SSL verification off`, {}, { cause: err });
  }
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new PosternError('DNS_FAILURE', `cannot resolve ${where.isProxy ? 'proxy host' : 'host'} ${where.host}`, {}, { cause: err });
    case 'ECONNREFUSED':
      return new PosternError('CONNECTION_REFUSED', `connection refused by ${target}`, {}, { cause: err });
    case 'ECONNRESET':
    case 'EPIPE':
      return new PosternError('CONNECTION_RESET', `connection reset by ${target}`, {}, { cause: err });
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new PosternError('HOST_UNREACHABLE', `host unreachable: ${target}`, {}, { cause: err });
    case 'ETIMEDOUT':
      return new PosternError('CONNECT_TIMEOUT', `timed out connecting to ${target}`, {}, { cause: err });
  }
  if (code.startsWith('ERR_SSL_') || err.library === 'SSL routines' || code === 'EPROTO') {
    const opensslReason = err.reason ?? err.message.replace(/^.*routines:/, '').replace(/:.*$/, '');
    const serverSentAlert = /alert/i.test(opensslReason) || /_ALERT_/.test(code);
    const side = serverSentAlert ? 'the server refused' : 'the client refused';
    const hint =
      code === 'ERR_SSL_WRONG_VERSION_NUMBER'
        ? ' (is this a plain HTTP port?)'
        : /no ciphers available/i.test(opensslReason)
          ? '; none of the selected cipher suites works with the enabled TLS versions'
          : '';
    return new PosternError('TLS_HANDSHAKE', `TLS handshake with ${target} failed: ${side} (${opensslReason})${hint}`, {}, { cause: err });
  }
  return new PosternError('NETWORK', `connection to ${target} failed: ${err.message}`, {}, { cause: err });
}

/** Failures that mean "not this protocol version": worth retrying with the next lower protocol range. */
export function isProtocolVersionRefusal(error: unknown): boolean {
  const code = (error as NodeTlsError | undefined)?.code ?? '';
  return (
    code === 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION' ||
    code === 'ERR_SSL_UNSUPPORTED_PROTOCOL' ||
    code === 'ERR_SSL_NO_PROTOCOLS_AVAILABLE' ||
    code === 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE' ||
    code === 'ERR_SSL_VERSION_TOO_LOW' ||
    code === 'ECONNRESET'
  );
}
