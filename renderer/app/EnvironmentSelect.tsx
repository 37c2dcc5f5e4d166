import { useWorkspace } from '../stores/workspace-store.js';

/** The environment requests resolve against. */
export function EnvironmentSelect() {
  const environments = useWorkspace((s) => s.environments);
  const environmentId = useWorkspace((s) => s.environmentId);
  const select = useWorkspace((s) => s.selectEnvironment);
  return (
    <select
      className="env-select"
      aria-label="Active environment"
      value={environmentId ?? ''}
      onChange={(e) => select(e.target.value === '' ? null : e.target.value)}
      data-testid="environment-select"
    >
      <option value="">No environment</option>
      {environments.map((env) => (
        <option key={env.id} value={env.id}>
          {env.name}
        </option>
      ))}
    </select>
  );
}
