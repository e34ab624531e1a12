/** A one-statement identity policy whose statement has the given Condition, as formatted text. */
export function withCondition(condition: unknown, statement: Record<string, unknown> = {}): string {
  return JSON.stringify(
    { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: condition, ...statement }] },
    null,
    2,
  );
}
