import type { Outcome } from './observation';
import { str, type TrailRecord } from './record';

/** Error codes that mean authorisation failed; services vary in spelling, so the family is matched. */
const DENIED_CODE = /^(Client\.)?(AccessDenied\w*|UnauthorizedOperation|UnauthorizedAccess|AuthorizationError(Exception)?)$/;
const NOT_AUTHORIZED = /not authorized to perform: ([\w-]+:[\w*]+)/;

/** `denied` for an authorisation failure; any other error passed authorisation, so the call counts as use. */
export function outcomeOf(record: TrailRecord): Outcome {
  const code = str(record.errorCode);
  if (code === undefined) return 'allowed';
  if (DENIED_CODE.test(code)) return 'denied';
  return NOT_AUTHORIZED.test(str(record.errorMessage) ?? '') ? 'denied' : 'allowed';
}

/** The action a denial message names (`... not authorized to perform: s3:GetObject ...`), when it names one. */
export function deniedActionIn(record: TrailRecord): string | undefined {
  return NOT_AUTHORIZED.exec(str(record.errorMessage) ?? '')?.[1];
}
