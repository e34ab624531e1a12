import { join } from 'node:path';
import { EventMapper } from '../../core/trail/mapping';
import { testCatalog } from '../helpers/policy';

/** The Invictus trail files copied from ../shared/corpus (MIT, see its LICENSE). */
export const INVICTUS = join(__dirname, '..', 'fixtures', 'cloudtrail-invictus', 'CloudTrail');
/** The OTRF S3 exfiltration records as JSON lines (MIT, see its SOURCE.md). */
export const OTRF = join(__dirname, '..', 'fixtures', 'cloudtrail-otrf-s3-exfil');

/** A mapper over the real catalog and the data/ tables. */
export function testMapper(): EventMapper {
  return new EventMapper(testCatalog());
}

/** A minimal AwsApiCall record by an IAM user, with overrides. */
export function apiCall(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    eventVersion: '1.08',
    userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/alice', accountId: '111122223333' },
    eventTime: '2026-08-24T10:00:00Z',
    eventSource: 's3.amazonaws.com',
    eventName: 'ListBuckets',
    awsRegion: 'us-east-1',
    eventType: 'AwsApiCall',
    readOnly: true,
    managementEvent: true,
    eventCategory: 'Management',
    recipientAccountId: '111122223333',
    ...overrides,
  };
}
