/**
 * Where the vault's master keys live. A key store holds one or more versions of the master key
 * (more than one only while a rotation is under way or was interrupted) and names the current one,
 * which new values are sealed with. Implementations never write a key anywhere in plaintext.
 */
export interface KeyStore {
  /** How the keys are protected; shown to people so they know which mode the vault is in. */
  readonly kind: 'keychain' | 'passphrase';
  /** The version new values are sealed with, or null when the store holds no key yet. */
  currentVersion(): number | null;
  /** Every version held, ascending. */
  versions(): number[];
  /** The key of one version, or null when that version is not held. */
  get(version: number): Buffer | null;
  /** Stores a key under a version; does not make it current. */
  put(version: number, key: Buffer): void;
  setCurrent(version: number): void;
  /** Forgets a version; a no-op when it is not held. */
  delete(version: number): void;
  /** Wipes whatever key material the store keeps in memory. */
  close(): void;
}
