/**
 * Test PKI made at test time: CAs, intermediates, server and client certificates, PKCS#12 bundles.
 * Keys come from Node's crypto (native, ~50 ms for RSA 2048); node-forge only builds and signs the
 * certificates, because its pure-JS key generation takes seconds. Nothing is cached across processes;
 * make a CA once per test file (beforeAll) and reuse it.
 */
import crypto from 'node:crypto';
import net from 'node:net';
import forge from 'node-forge';

export interface CertBundle {
  /** The certificate, PEM. */
  readonly certPem: string;
  /** Its private key, unencrypted PKCS#8 PEM. */
  readonly keyPem: string;
  /** Intermediate CA certificates between this certificate and the root, leaf-side first; '' if none. */
  readonly chainPem: string;
  /** The self-signed root this certificate chains to (itself for a root CA). Give this as `ca`. */
  readonly rootPem: string;
  /** Colon-separated uppercase SHA-256, exactly as `X509Certificate.fingerprint256` prints it. */
  readonly fingerprint256: string;
  /** Uppercase hex, as `X509Certificate.serialNumber` prints it. */
  readonly serialNumber: string;
  readonly subjectCN: string;
  readonly issuerCN: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly isCa: boolean;
  /** DNS names and IP addresses in the subjectAltName (server certificates). */
  readonly hosts: readonly string[];
}

export interface ValidityOptions {
  /** Default: one hour ago (tolerates clock skew). */
  readonly notBefore?: Date;
  /** Default: 30 days after now for leaves, 1 year for CAs. */
  readonly notAfter?: Date;
}

export interface ServerCertOptions extends ValidityOptions {
  /** DNS names and IP literals; each becomes a subjectAltName entry. */
  readonly hosts: readonly string[];
  /** Default: the first host. */
  readonly commonName?: string;
}

export interface ClientCertOptions extends ValidityOptions {
  readonly commonName: string;
}

export type PfxAlgorithm = 'aes256' | 'aes128' | '3des';

export interface PfxOptions {
  /** Key-bag encryption. Both AES (PBES2) and 3DES are read by OpenSSL 3 without the legacy provider. */
  readonly algorithm?: PfxAlgorithm;
  readonly friendlyName?: string;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const ORGANIZATION = 'Postern Test';

/** Self-signed root CA (RSA 2048, SHA-256). */
export function createCa(name = 'Postern Test Root CA', validity: ValidityOptions = {}): CertBundle {
  const keys = newKeyPair();
  const cert = baseCertificate(keys.forgePublic, name, validity, 365 * DAY_MS);
  cert.setIssuer(cert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(keys.forgePrivate, forge.md.sha256.create());
  const certPem = certificatePem(cert);
  return toBundle(certPem, keys.keyPem, { chainPem: '', rootPem: certPem, isCa: true, hosts: [] });
}

/** An intermediate CA signed by `parent` (a root or another intermediate). */
export function issueIntermediateCa(parent: CertBundle, name: string, validity: ValidityOptions = {}): CertBundle {
  requireCa(parent);
  return issue(parent, name, validity, 365 * DAY_MS, true, [], [
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
  ]);
}

/** A TLS server certificate for `hosts` (serverAuth), signed by `ca`. */
export function issueServerCert(ca: CertBundle, options: ServerCertOptions): CertBundle {
  requireCa(ca);
  const hosts = requireHosts(options.hosts);
  return issue(ca, options.commonName ?? hosts[0] ?? '', options, 30 * DAY_MS, false, hosts, serverExtensions(hosts));
}

/** A TLS client certificate (clientAuth) for mutual TLS, signed by `ca`. */
export function issueClientCert(ca: CertBundle, options: ClientCertOptions): CertBundle {
  requireCa(ca);
  return issue(ca, options.commonName, options, 30 * DAY_MS, false, [], [
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', clientAuth: true },
  ]);
}

/** A self-signed server certificate that is not a CA (Node reports DEPTH_ZERO_SELF_SIGNED_CERT). */
export function createSelfSignedServerCert(options: ServerCertOptions): CertBundle {
  const hosts = requireHosts(options.hosts);
  const keys = newKeyPair();
  const cert = baseCertificate(keys.forgePublic, options.commonName ?? hosts[0] ?? '', options, 30 * DAY_MS);
  cert.setIssuer(cert.subject.attributes);
  cert.setExtensions([...serverExtensions(hosts), { name: 'subjectKeyIdentifier' }]);
  cert.sign(keys.forgePrivate, forge.md.sha256.create());
  const certPem = certificatePem(cert);
  return toBundle(certPem, keys.keyPem, { chainPem: '', rootPem: certPem, isCa: false, hosts });
}

/**
 * PKCS#12 of the bundle's key and certificate plus `caChain` (PEM string(s); default: the bundle's
 * intermediates). Node reads it with `tls.createSecureContext({ pfx, passphrase })`.
 */
export function toPfx(
  bundle: CertBundle,
  passphrase: string,
  caChain?: string | readonly string[],
  options: PfxOptions = {},
): Buffer {
  const extraPems = caChain === undefined ? splitPem(bundle.chainPem) : (typeof caChain === 'string' ? splitPem(caChain) : caChain.flatMap(splitPem));
  const certs = [bundle.certPem, ...extraPems].map((pem) => forge.pki.certificateFromPem(pem));
  const asn1 = forge.pkcs12.toPkcs12Asn1(forge.pki.privateKeyFromPem(bundle.keyPem), certs, passphrase, {
    algorithm: options.algorithm ?? 'aes256',
    ...(options.friendlyName === undefined ? {} : { friendlyName: options.friendlyName }),
  });
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
}

/** The key as encrypted PKCS#8 PEM (AES-256-CBC), for tests of key passphrases. */
export function encryptKeyPem(keyPem: string, passphrase: string): string {
  return crypto.createPrivateKey(keyPem).export({
    type: 'pkcs8',
    format: 'pem',
    cipher: 'aes-256-cbc',
    passphrase,
  }).toString();
}

/** Each PEM certificate block in `pem`, in order (with its BEGIN/END lines and a trailing newline). */
export function splitPem(pem: string): string[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return blocks.map((block) => `${block}\n`);
}

// ---- internals ----

interface KeyPair {
  readonly keyPem: string;
  readonly forgePrivate: forge.pki.rsa.PrivateKey;
  readonly forgePublic: forge.pki.rsa.PublicKey;
}

function newKeyPair(): KeyPair {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return {
    keyPem: privateKey,
    forgePrivate: forge.pki.privateKeyFromPem(privateKey),
    forgePublic: forge.pki.publicKeyFromPem(publicKey) as forge.pki.rsa.PublicKey,
  };
}

function baseCertificate(
  publicKey: forge.pki.rsa.PublicKey,
  commonName: string,
  validity: ValidityOptions,
  defaultLifetimeMs: number,
): forge.pki.Certificate {
  const now = Date.now();
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = randomSerialHex();
  cert.validity.notBefore = validity.notBefore ?? new Date(now - HOUR_MS);
  cert.validity.notAfter = validity.notAfter ?? new Date(now + defaultLifetimeMs);
  // Most-significant RDN first, as OpenSSL writes it: "O = Postern Test, CN = name".
  cert.setSubject([
    { name: 'organizationName', value: ORGANIZATION },
    { name: 'commonName', value: commonName },
  ]);
  return cert;
}

function issue(
  issuer: CertBundle,
  commonName: string,
  validity: ValidityOptions,
  defaultLifetimeMs: number,
  isCa: boolean,
  hosts: readonly string[],
  extensions: readonly object[],
): CertBundle {
  const keys = newKeyPair();
  const issuerCert = forge.pki.certificateFromPem(issuer.certPem);
  const cert = baseCertificate(keys.forgePublic, commonName, validity, defaultLifetimeMs);
  cert.setIssuer(issuerCert.subject.attributes);
  cert.setExtensions([
    ...extensions,
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: issuerCert.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(issuer.keyPem), forge.md.sha256.create());
  // The issuer's own chain, with the issuer in front unless it is the root.
  const issuerIsRoot = issuer.certPem === issuer.rootPem;
  const chainPem = issuerIsRoot ? '' : issuer.certPem + issuer.chainPem;
  return toBundle(certificatePem(cert), keys.keyPem, { chainPem, rootPem: issuer.rootPem, isCa, hosts });
}

/** forge writes CRLF line ends; Node and OpenSSL write LF. Use LF so PEMs compare and concatenate cleanly. */
function certificatePem(cert: forge.pki.Certificate): string {
  return forge.pki.certificateToPem(cert).replace(/\r\n/g, '\n');
}

function serverExtensions(hosts: readonly string[]): object[] {
  return [
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: hosts.map((host) => (net.isIP(host) !== 0 ? { type: 7, ip: host } : { type: 2, value: host })),
    },
  ];
}

function toBundle(
  certPem: string,
  keyPem: string,
  extra: { chainPem: string; rootPem: string; isCa: boolean; hosts: readonly string[] },
): CertBundle {
  const x509 = new crypto.X509Certificate(certPem);
  return {
    certPem,
    keyPem,
    chainPem: extra.chainPem,
    rootPem: extra.rootPem,
    fingerprint256: x509.fingerprint256,
    serialNumber: x509.serialNumber,
    subjectCN: commonNameOf(x509.subject),
    issuerCN: commonNameOf(x509.issuer),
    notBefore: new Date(x509.validFrom),
    notAfter: new Date(x509.validTo),
    isCa: extra.isCa,
    hosts: [...extra.hosts],
  };
}

/** `X509Certificate.subject` is newline-separated `KEY=value` lines. */
function commonNameOf(distinguishedName: string): string {
  const line = distinguishedName.split('\n').find((part) => part.startsWith('CN='));
  return line === undefined ? '' : line.slice('CN='.length);
}

/** 16 random bytes as a positive DER INTEGER (top bit clear, top byte non-zero). */
function randomSerialHex(): string {
  const bytes = crypto.randomBytes(16);
  bytes.writeUInt8((bytes.readUInt8(0) & 0x3f) | 0x10, 0);
  return bytes.toString('hex');
}

function requireCa(bundle: CertBundle): void {
  if (!bundle.isCa) throw new Error(`certificate "${bundle.subjectCN}" is not a CA and cannot issue certificates`);
}

function requireHosts(hosts: readonly string[]): readonly string[] {
  if (hosts.length === 0) throw new Error('a server certificate needs at least one host');
  return hosts;
}
