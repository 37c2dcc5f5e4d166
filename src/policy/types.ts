/** Which layer a value came from, highest precedence first. */
export type PolicySource = 'machine-policy' | 'user-policy' | 'user-setting' | 'default';
export type PolicyLevel = 'machine' | 'user';

/** How a document was stored; decides how raw values are read (a registry DWORD 1 is `true`). */
export type PolicyFormat = 'json' | 'plist' | 'registry';

/** One profile as read from one place, not yet validated. */
export interface PolicyDocument {
  readonly level: PolicyLevel;
  /** A file path or registry key: where an admin finds it. */
  readonly origin: string;
  readonly format: PolicyFormat;
  /** Raw key → value; absent when the document could not be read as a whole. */
  readonly values?: Readonly<Record<string, unknown>>;
  /** Why the document as a whole was rejected (unreadable, not JSON, not a dictionary). */
  readonly error?: string;
}

export interface PolicyProblem {
  readonly level: PolicyLevel;
  readonly origin: string;
  /** Absent when the whole document was rejected. */
  readonly key?: string;
  readonly message: string;
  /** What the app did about it. */
  readonly action: 'ignored' | 'failed-closed';
}

export interface EffectiveEntry {
  readonly key: string;
  readonly value: unknown;
  readonly source: PolicySource;
  /** Set by a policy: users cannot change it. */
  readonly locked: boolean;
  readonly security: boolean;
  /** Where a policy value came from (file or registry key). */
  readonly origin?: string;
  /** The strictest value, used because the policy's value was malformed. */
  readonly failedClosed?: boolean;
}

export interface EffectivePolicy {
  /** In the order of POLICY_KEYS. */
  readonly entries: readonly EffectiveEntry[];
  readonly problems: readonly PolicyProblem[];
}
