/** A one-statement resource policy with the given Principal (and statement overrides), as formatted text. */
export function withPrincipal(principal: unknown, statement: Record<string, unknown> = {}): string {
  return JSON.stringify(
    { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: principal, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*', ...statement }] },
    null,
    2,
  );
}
