export const POLICY_HELP = `Usage: postern policy <command> [options]

Commands
  show [--json]          the effective settings: each value, its source (machine policy, user policy,
                         user setting, default) and whether policy locks it; then what was rejected
  check FILE [--json]    validate a profile before deploying it (.json, .plist, .mobileconfig, .reg);
                         names every problem. Exit 0 when clean, 1 when it has problems
  templates DIR          write the admin templates (ADMX/ADML, .mobileconfig, JSON example and schema)

Environment
  POSTERN_POLICY_DIR     read policy from this directory of *.json files instead of the OS's stores
`;
