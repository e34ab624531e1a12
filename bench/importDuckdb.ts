// DuckDB doing the import benchmark's aggregation with read_json: usage per (principal, event) with first/last
// seen, counts, denied counts and regions. Prints one JSON line: {"ms": elapsed, "groups": n}.
import { DuckDBInstance } from '@duckdb/node-api';

const RECORD = `STRUCT(eventTime VARCHAR, eventSource VARCHAR, eventName VARCHAR, eventType VARCHAR, awsRegion VARCHAR,
  errorCode VARCHAR, userIdentity STRUCT(type VARCHAR, arn VARCHAR, invokedBy VARCHAR,
  sessionContext STRUCT(sessionIssuer STRUCT(arn VARCHAR))))[]`;

async function main(): Promise<void> {
  const glob = `${process.argv[2] ?? ''}/**/*.json.gz`;
  const start = performance.now();
  const db = await DuckDBInstance.create(':memory:', { threads: '2' });
  const connection = await db.connect();
  const sql = `
    WITH r AS (SELECT unnest(Records) AS e FROM read_json('${glob}', format = 'auto', columns = {Records: '${RECORD.replace(/\s+/g, ' ')}'})),
    a AS (SELECT CASE e.userIdentity.type
                   WHEN 'IAMUser' THEN e.userIdentity.arn
                   WHEN 'AssumedRole' THEN e.userIdentity.sessionContext.sessionIssuer.arn END AS principal,
                 e.eventSource AS source, e.eventName AS name, e.awsRegion AS region,
                 e.errorCode IN ('AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'Client.UnauthorizedOperation') AS denied,
                 CAST(e.eventTime AS TIMESTAMP) AS t
          FROM r WHERE e.eventType = 'AwsApiCall')
    SELECT principal, source, name, min(t), max(t), count(*) FILTER (WHERE NOT coalesce(denied, false)),
           count(*) FILTER (WHERE denied), list(DISTINCT region)
    FROM a WHERE principal IS NOT NULL GROUP BY ALL`;
  const result = await connection.runAndReadAll(sql);
  const groups = result.getRows().length;
  console.log(JSON.stringify({ ms: performance.now() - start, groups }));
}

void main();
