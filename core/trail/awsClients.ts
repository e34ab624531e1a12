import { CloudTrailClient, type CloudTrailClientConfig } from '@aws-sdk/client-cloudtrail';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';

/** Credentials as the SDK clients accept them. */
export type Credentials = NonNullable<CloudTrailClientConfig['credentials']>;

/** How to reach AWS: credentials, and an endpoint override (a local test endpoint, a VPC endpoint). */
export interface AwsAccess {
  readonly credentials: Credentials;
  readonly endpoint?: string;
}

/** A CloudTrail client for one Region with the SDK's retries off: fetchLookupEvents paces and retries itself. */
export function createCloudTrailClient(region: string, access: AwsAccess): CloudTrailClient {
  return new CloudTrailClient({
    region,
    credentials: access.credentials,
    maxAttempts: 1,
    ...(access.endpoint ? { endpoint: access.endpoint } : {}),
  });
}

/** The account id of the credentials, from STS GetCallerIdentity (which needs no permission). */
export async function callerAccount(region: string, access: AwsAccess, signal?: AbortSignal): Promise<string> {
  const client = new STSClient({ region, credentials: access.credentials, ...(access.endpoint ? { endpoint: access.endpoint } : {}) });
  try {
    const identity = await client.send(new GetCallerIdentityCommand({}), signal ? { abortSignal: signal } : {});
    if (!identity.Account) throw new Error('STS GetCallerIdentity returned no account id');
    return identity.Account;
  } finally {
    client.destroy();
  }
}
