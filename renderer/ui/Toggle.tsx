/** An on/off switch (a styled checkbox). */
export function Toggle({ checked, onChange, testId, disabled }: { checked: boolean; onChange: (value: boolean) => void; testId?: string | undefined; disabled?: boolean }) {
  return (
    <label className={disabled ? 'toggle disabled' : 'toggle'}>
      <input type="checkbox" role="switch" checked={checked} disabled={disabled} onChange={(e) => onChange(e.target.checked)} data-testid={testId} />
      <span className="toggle-track" aria-hidden="true" />
      <span className="toggle-text">{checked ? 'On' : 'Off'}</span>
    </label>
  );
}
