/** Response headers in the order and case the server sent them, repeats kept. */
export function HeadersView({ headers }: { headers: readonly (readonly [string, string])[] }) {
  return (
    <table className="data-table" data-testid="response-headers">
      <thead>
        <tr>
          <th>Name</th>
          <th>Value</th>
        </tr>
      </thead>
      <tbody>
        {headers.map(([name, value], i) => (
          <tr key={i}>
            <td className="mono strong">{name}</td>
            <td className="mono wrap">{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
