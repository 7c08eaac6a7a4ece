/** Graph's error body and a throwable carrying it, so handlers can `throw graphError(...)` anywhere. */
import { randomUUID } from 'crypto';

/** A Graph failure on its way to the wire. */
export class GraphHttpError extends Error {
  public constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    public readonly headers: Record<string, string> = {}
  ) {
    super(message);
    Object.setPrototypeOf(this, GraphHttpError.prototype);
  }
}

export function graphError(status: number, code: string, message: string, headers?: Record<string, string>): GraphHttpError {
  return new GraphHttpError(status, code, message, headers);
}

/** `{"error":{"code","message","innerError":{date, request-id, client-request-id}}}` as Graph sends it. */
export function errorBody(code: string, message: string, requestId: string, clientRequestId?: string): unknown {
  return {
    error: {
      code,
      message,
      innerError: {
        date: new Date().toISOString().slice(0, 19),
        'request-id': requestId,
        'client-request-id': clientRequestId ?? requestId
      }
    }
  };
}

export function newRequestId(): string {
  return randomUUID();
}

// Messages Graph uses, in one place so tests and handlers agree.
export const MSG = {
  insufficient: 'Insufficient privileges to complete the operation.',
  reportScope: 'Invalid scope claims/roles.',
  reportRole: 'Invalid Permission.',
  noPremium: "Neither tenant is B2C or tenant doesn't have premium license",
  auditLogScope: 'Calling principal does not have required MSGraph permissions AuditLog.Read.All',
  tokenEmpty: 'Access token is empty.',
  tokenInvalid: 'Access token validation failure. Invalid audience.',
  tokenMalformed: 'IDX14100: JWT is not well formed, there are no dots (.).',
  tokenExpired: 'Lifetime validation failed, the token is expired.',
  throttled: 'Too many requests.',
  unavailable: 'The service is temporarily unavailable. Please retry after the time specified in the Retry-After header.',
  alreadyMember: "One or more added object references already exist for the following modified properties: 'members'.",
  mailEnabledGroup: 'Cannot Update a mail-enabled security groups and or distribution list.',
  onPremGroup:
    'Unable to update the specified properties for on-premises mastered Directory Sync objects or objects currently undergoing migration.',
  dynamicGroup: 'Insufficient privileges to complete the operation. Members of a group with dynamic membership cannot be added or removed manually.',
  usageLocation: 'License assignment cannot be done for user with invalid usage location.',
  imageNotFound: "Exception of type 'Microsoft.Fast.Profile.Core.Exception.ImageNotFoundException' was thrown.",
  mysiteNotFound: "User's mysite not found.",
  // Graph's words for a token without the scope, from the policy and security services.
  scopesMissing: 'You cannot perform the requested operation, required scopes are missing in the token.',
  // Unverified for Attack simulation training: Graph's words for an unlicensed security feature (Identity Protection).
  notLicensed: 'Your tenant is not licensed for this feature.'
} as const;

export function notFound(id: string): GraphHttpError {
  return graphError(404, 'Request_ResourceNotFound', `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`);
}
