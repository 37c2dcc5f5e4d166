import { LockIcon } from './LockIcon.js';

/** The note beside a value that managed policy fixes. */
export function Locked({ locked, origin }: { locked: boolean; origin?: string | undefined }) {
  if (!locked) return null;
  return (
    <span className="locked-note" title={origin ? `Set by ${origin}` : undefined} data-testid="locked-note">
      <LockIcon /> Managed by your organisation
    </span>
  );
}
