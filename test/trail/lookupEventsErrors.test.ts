import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { explainAwsError } from '../../core/trail/awsProfiles';
import { backoffDelay, retryReason, withRetries } from '../../core/trail/retry';

void test('an expired or missing SSO session tells the user the exact login command', () => {
  // The messages of @aws-sdk/credential-provider-sso and @aws-sdk/token-providers 3.1137.0.
  for (const message of [
    'The SSO session associated with this profile has expired. To refresh this SSO session run aws sso login with the corresponding profile.',
    'The SSO session token associated with profile=dev was not found or is invalid. To refresh this SSO session run aws sso login with the corresponding profile.',
    'Token is expired. To refresh this SSO session run aws sso login with the corresponding profile.',
  ]) {
    assert.match(explainAwsError(Object.assign(new Error(message), { name: 'CredentialsProviderError' }), 'dev'), /`aws sso login --profile dev`/);
  }
});

void test('no credentials at all points to aws configure', () => {
  const error = Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' });
  assert.match(explainAwsError(error, undefined), /aws configure/);
});

void test('throttles, 5xx and dropped sockets are retried; client errors are not', () => {
  assert.equal(retryReason({ name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } }), 'throttle');
  assert.equal(retryReason({ name: 'InternalFailure', $metadata: { httpStatusCode: 503 } }), 'server');
  assert.equal(retryReason(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })), 'network');
  assert.equal(retryReason({ name: 'InvalidTimeRangeException', $metadata: { httpStatusCode: 400 } }), undefined);
  assert.equal(retryReason({ name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } }), undefined);
});

void test('full jitter stays under the exponential ceiling and the cap', () => {
  const policy = { maxAttempts: 5, baseMs: 100, capMs: 300, random: () => 0.999 };
  assert.ok(backoffDelay(1, policy) < 100);
  assert.ok(backoffDelay(2, policy) < 200 && backoffDelay(2, policy) > 190);
  assert.ok(backoffDelay(5, policy) < 300);
});

void test('attempts are bounded and the last error surfaces', async () => {
  let calls = 0;
  const failing = async (): Promise<never> => {
    calls += 1;
    throw Object.assign(new Error('boom'), { $metadata: { httpStatusCode: 500 } });
  };
  await assert.rejects(withRetries(failing, { policy: { maxAttempts: 3, baseMs: 1, capMs: 1, random: () => 0 } }), /boom/);
  assert.equal(calls, 3);
});
