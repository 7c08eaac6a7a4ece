/** What the host's token may do, read from its `scp` claim (delegated scopes). */

/** Decode a JWT's payload without verifying it (Graph verifies; we only read the scopes). */
export function decodeJwtPayload(token: string): Record<string, unknown> | undefined {
  const part = token.split('.')[1];
  if (!part) return undefined;
  try {
    const b64 = part.replace(/-/g, '+').replace(/_/g, '/');
    const json = decodeURIComponent(
      Array.from(atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4)), c => '%' + c.charCodeAt(0).toString(16).padStart(2, '0')).join('')
    );
    const payload: unknown = JSON.parse(json);
    return typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The delegated scopes a token carries, or undefined when the token cannot be read (opaque tokens). */
export function scopesFromToken(token: string): Set<string> | undefined {
  const payload = decodeJwtPayload(token);
  if (!payload || typeof payload.scp !== 'string') return undefined;
  return new Set(payload.scp.split(' ').filter(Boolean).map(s => s.toLowerCase()));
}

/** Who a token was issued to: the signed-in user's object id (`oid`) and tenant id (`tid`), where it says. */
export interface ITokenIdentity {
  userId?: string;
  tenantId?: string;
}

/**
 * The signed-in user and tenant a token names, read the way the scopes are (never verified: this only keys
 * what the browser keeps per person). An opaque token, or one without the claims, names nobody.
 */
export function identityFromToken(token: string): ITokenIdentity {
  const payload = decodeJwtPayload(token);
  const claim = (name: string): string | undefined => {
    const v = payload?.[name];
    return typeof v === 'string' && v.trim() ? v.trim().toLowerCase() : undefined;
  };
  return { userId: claim('oid'), tenantId: claim('tid') };
}

/**
 * Whether a scope set grants what `anyOf` lists (any one suffices; `.ReadWrite.` implies `.Read.`).
 * Unknown scopes (undefined) answer true: we then learn from Graph's 403 instead.
 */
export function hasScope(scopes: Set<string> | undefined, anyOf: string[]): boolean {
  if (!scopes) return true;
  return anyOf.some(s => {
    const lower = s.toLowerCase();
    return scopes.has(lower) || scopes.has(lower.replace('.read.', '.readwrite.'));
  });
}
