/** The way into core/graph for ui, cli and the web part: the gateway, its typed error, cancellation, token scopes, explanations. */
export { GraphGateway } from './GraphGateway';
export { GraphError } from './GraphError';
export { abortError } from './abort';
export { explainError } from './explain';
export type { SectionTopic } from './explain';
export { hasScope, identityFromToken, scopesFromToken } from './scopes';
export type { ITokenIdentity } from './scopes';
export { createTokenClient } from './tokenClient';
export type { TokenSource } from './tokenClient';
export type { IGraphClientLike } from './types';
