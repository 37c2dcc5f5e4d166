const KNOWN = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);

/** A request method in its colour (GET green, POST amber, DELETE red…). */
export function MethodBadge({ method }: { method: string }) {
  const upper = method.toUpperCase();
  const tone = KNOWN.has(upper) ? upper.toLowerCase() : 'other';
  return <span className={`method method-${tone}`}>{upper === 'DELETE' ? 'DEL' : upper === 'OPTIONS' ? 'OPT' : upper}</span>;
}
