/**
 * The keys Postman and Postern use for a device's own value of a variable (next to its shared `value`).
 * One list for both sides of sync: the client strips exactly these before a push, and the server refuses
 * a push that still carries any of them.
 */
export const CURRENT_VALUE_KEYS: readonly string[] = ['currentValue', 'current_value', 'sessionValue', 'session_value'];
