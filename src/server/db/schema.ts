/**
 * The team server's tables as kysely sees them. Times are milliseconds since the epoch (bigint columns,
 * read back as numbers on both databases); flags are 0/1 integers and JSON is text, so one set of
 * migrations and queries serves SQLite and PostgreSQL alike.
 */
import type { Generated } from 'kysely';

export interface UsersTable {
  id: string;
  /** Lower-cased; unique. */
  email: string;
  name: string;
  password_hash: string | null;
  /** TOTP secret sealed by the key ring (aad `users.totp_secret:<id>`); null until enrolment starts. */
  totp_secret_sealed: string | null;
  totp_enabled_at: number | null;
  /** The last TOTP time step accepted: a code is accepted once only. */
  totp_last_step: number | null;
  created_at: number;
  password_changed_at: number | null;
  disabled_at: number | null;
}

export interface RecoveryCodesTable {
  id: string;
  user_id: string;
  code_hash: string;
  created_at: number;
  used_at: number | null;
}

export interface SessionsTable {
  id: string;
  token_hash: string;
  user_id: string;
  /** `full`, or `totp_enrolment` when the team requires 2FA and the user has none yet. */
  stage: string;
  created_at: number;
  last_seen_at: number;
  idle_timeout_ms: number;
  absolute_expires_at: number;
  revoked_at: number | null;
  revoke_reason: string | null;
  ip: string | null;
  user_agent: string | null;
}

export interface SignInChallengesTable {
  id: string;
  token_hash: string;
  user_id: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
  failures: number;
}

export interface LoginThrottleTable {
  /** sha256 of the normalised email (unknown emails are throttled alike: no account enumeration). */
  key: string;
  failures: number;
  first_failure_at: number;
  locked_until: number | null;
  lockouts: number;
}

export interface RateLimitsTable {
  key: string;
  window_start: number;
  count: number;
}

export interface TeamsTable {
  id: string;
  name: string;
  plan: string;
  created_at: number;
  /** JSON of TeamSettings. */
  settings: string;
}

export interface TeamMembersTable {
  team_id: string;
  user_id: string;
  joined_at: number;
}

export interface MemberRolesTable {
  team_id: string;
  user_id: string;
  role: string;
  granted_by: string | null;
  granted_at: number;
}

export interface GroupsTable {
  id: string;
  team_id: string;
  name: string;
  created_at: number;
}

export interface GroupRolesTable {
  group_id: string;
  role: string;
}

export interface GroupMembersTable {
  group_id: string;
  user_id: string;
  added_at: number;
}

export interface ApiKeysTable {
  id: string;
  user_id: string;
  team_id: string;
  name: string;
  key_hash: string;
  hint: string;
  created_at: number;
  last_used_at: number | null;
  /** The owner's chosen inactivity period; the team's period, when set, overrides it. */
  expires_after_days: number | null;
  revoked_at: number | null;
  /** `revoked` (by a person), `expired_inactivity`, `member_removed`. */
  revoke_reason: string | null;
  revoked_by: string | null;
}

export interface AuditEntriesTable {
  chain: string;
  seq: number;
  id: string;
  at: number;
  action: string;
  actor_id: string | null;
  actor_email: string | null;
  target_type: string | null;
  target_id: string | null;
  team_id: string | null;
  ip: string | null;
  user_agent: string | null;
  /** JSON object. */
  details: string;
  prev_hash: string;
  hash: string;
}

export interface AuditChainsTable {
  chain: string;
  head_seq: number;
  head_hash: string;
  /** `at` of the head entry: appends never go back in time within a chain (the time index relies on it). */
  head_at: Generated<number>;
  /** After pruning: the last pruned entry, which the first kept entry must follow. */
  anchor_seq: number;
  anchor_hash: string;
}

export interface JobRunsTable {
  id: string;
  job: string;
  started_at: number;
  finished_at: number | null;
  /** JSON object. */
  details: string;
}

export interface DataKeysTable {
  id: string;
  master_key_id: string;
  wrapped: string;
  created_at: number;
  retired_at: number | null;
}

/** Server-wide secrets sealed by the key ring (aad names the secret), e.g. `audit.chain_key`. */
export interface ServerSecretsTable {
  name: string;
  sealed: string;
  created_at: number | null;
}

export interface WorkspacesTable {
  id: string;
  team_id: string;
  name: string;
  description: string;
  /** `personal`, `private`, `team` or `public`. */
  visibility: string;
  /** The creator; a personal workspace is theirs alone. */
  owner_id: string;
  created_by: string;
  created_at: number;
  updated_at: number;
  /**
   * The workspace's change sequence: the seq of its latest element change (0: none yet). Optional here
   * only so code that builds whole rows before sync existed still compiles; the column is never null.
   */
  change_seq?: number;
}

/** A workspace role held by a user or a group (`principal_type` `user` | `group`). */
export interface WorkspaceMembersTable {
  workspace_id: string;
  principal_type: string;
  principal_id: string;
  /** `admin`, `editor` or `viewer`. */
  role: string;
  granted_by: string | null;
  granted_at: number;
}

/** An element role (`editor` | `viewer`) on one collection or environment, refining the workspace role. */
export interface ElementRolesTable {
  workspace_id: string;
  /** `collection` or `environment`. */
  element_type: string;
  element_id: string;
  principal_type: string;
  principal_id: string;
  role: string;
  granted_by: string | null;
  granted_at: number;
}

export interface WorkspacePublishRequestsTable {
  id: string;
  workspace_id: string;
  team_id: string;
  requested_by: string;
  requested_at: number;
  /** The visibility when asked (for the record; approval makes it public). */
  from_visibility: string;
  /** `pending`, `approved`, `denied`, or `cancelled` (the visibility changed another way first). */
  status: string;
  decided_by: string | null;
  decided_at: number | null;
  note: string | null;
}

/**
 * An email invite. `status`: `requested` (a Developer asked; waits for an Admin, no token yet), `pending`
 * (mailed; acceptable until `expires_at`), `accepted`, `revoked`, `denied`.
 */
export interface TeamInvitesTable {
  id: string;
  team_id: string;
  /** Lower-cased. */
  email: string;
  /** JSON array of team roles. */
  roles: string;
  status: string;
  /** SHA-256 of the invite token; null until the invite is mailed. */
  token_hash: string | null;
  invited_by: string;
  created_at: number;
  expires_at: number | null;
  /** Who approved or denied a request, and when. */
  decided_by: string | null;
  decided_at: number | null;
  revoked_by: string | null;
  revoked_at: number | null;
  accepted_by: string | null;
  accepted_at: number | null;
}

/** A multi-use invite link: `uses` counts accepts, never past `max_uses`. */
export interface InviteLinksTable {
  id: string;
  team_id: string;
  role: string;
  token_hash: string;
  created_by: string;
  created_at: number;
  expires_at: number;
  max_uses: number;
  uses: Generated<number>;
  revoked_by: string | null;
  revoked_at: number | null;
}

/**
 * A collection, environment or the globals of a workspace, latest state only. `content` is the canonical
 * Postman JSON sealed by the key ring (aad `elements.content:<workspaceId>/<elementId>`); null for a
 * tombstone (`deleted` 1), which keeps its name and takes a new seq like any change.
 */
export interface ElementsTable {
  workspace_id: string;
  /** Chosen by the client (offline creation); `globals` for the workspace's globals. */
  id: string;
  /** `collection`, `environment` or `globals`. */
  type: string;
  name: string;
  revision: number;
  seq: number;
  deleted: number;
  content: string | null;
  created_by: string;
  created_at: number;
  updated_by: string;
  updated_at: number;
}

export interface Database {
  users: UsersTable;
  recovery_codes: RecoveryCodesTable;
  sessions: SessionsTable;
  sign_in_challenges: SignInChallengesTable;
  login_throttle: LoginThrottleTable;
  rate_limits: RateLimitsTable;
  teams: TeamsTable;
  team_members: TeamMembersTable;
  member_roles: MemberRolesTable;
  groups: GroupsTable;
  group_roles: GroupRolesTable;
  group_members: GroupMembersTable;
  api_keys: ApiKeysTable;
  audit_entries: AuditEntriesTable;
  audit_chains: AuditChainsTable;
  job_runs: JobRunsTable;
  data_keys: DataKeysTable;
  server_secrets: ServerSecretsTable;
  workspaces: WorkspacesTable;
  workspace_members: WorkspaceMembersTable;
  element_roles: ElementRolesTable;
  workspace_publish_requests: WorkspacePublishRequestsTable;
  team_invites: TeamInvitesTable;
  invite_links: InviteLinksTable;
  elements: ElementsTable;
}
