/**
 * The way into core/graph for ui, cli and the web part: the gateway, its typed error, cancellation, token scopes,
 * explanations. createTokenClient is not here: it loads @microsoft/microsoft-graph-client, which the CLI starts
 * without (it loads it when it connects) and the web part never needs (SPFx gives it a client), so hosts that
 * build their own client import core/graph/tokenClient by its path.
 */
export { GraphGateway } from './GraphGateway';
export { GraphError, isPassingFailure } from './GraphError';
export { abortError } from './abort';
export { Subscribable, settle, unchanging } from './subscribable';
export type { IWatchable } from './subscribable';
export { explainError } from './explain';
export type { SectionTopic } from './explain';
export { hasScope, identityFromToken, scopesFromToken } from './scopes';
export type { ITokenIdentity } from './scopes';
export type { TokenSource } from './tokenClient';
export type { IGraphClientLike } from './types';
