/**
 * Test-support toolkit for integration tests: certificates, loopback HTTP/HTTPS servers, a forward
 * proxy, `openssl s_server` as an independent TLS peer, and temp dirs. Everything listens on
 * 127.0.0.1 with an ephemeral port and is torn down by its close()/stop().
 */
export {
  createCa,
  createSelfSignedServerCert,
  encryptKeyPem,
  issueClientCert,
  issueIntermediateCa,
  issueServerCert,
  splitPem,
  toPfx,
  type CertBundle,
  type ClientCertOptions,
  type PfxAlgorithm,
  type PfxOptions,
  type ServerCertOptions,
  type ValidityOptions,
} from './pki.js';
export { writePkiFiles, type PkiFilePaths, type WritePkiOptions } from './pki-files.js';
export {
  OPENSSL_BIN,
  startOpensslServer,
  type OpensslServerOptions,
  type RunningOpensslServer,
  type TlsVersion,
} from './openssl-server.js';
export {
  fetchOpensslStatus,
  parseOpensslStatusPage,
  type OpensslClientCert,
  type OpensslStatusPage,
} from './openssl-status.js';
export {
  PROXY_REALM,
  startProxy,
  type ProxyLog,
  type ProxyOptions,
  type ProxyTarget,
  type RunningProxy,
} from './proxy.js';
export {
  describeRequest,
  echoHandler,
  readBody,
  startHttpServer,
  startHttpsServer,
  type EchoClientCert,
  type EchoReply,
  type EchoTls,
  type Handler,
  type RunningServer,
} from './servers.js';
export { pickFreePort } from './ports.js';
export { makeTempDir, type TempDir } from './tmp.js';
