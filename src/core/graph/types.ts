/**
 * The host boundary: the few members of a Microsoft Graph JS client (v3) the gateway uses.
 * SPFx's MSGraphClientV3 and a `Client.initWithMiddleware(...)` both satisfy it, and tests
 * may pass plain objects, so core never imports SPFx types.
 */
export interface IGraphRequestLike {
  version(v: string): IGraphRequestLike;
  headers(h: Record<string, string>): IGraphRequestLike;
  // `ResponseType.RAW` is the string 'raw'.
  responseType(t: 'raw'): IGraphRequestLike;
  option(key: string, value: unknown): IGraphRequestLike;
  get(): Promise<unknown>;
  post(body: unknown): Promise<unknown>;
  patch(body: unknown): Promise<unknown>;
  delete(): Promise<unknown>;
}

/** A Microsoft Graph JS client, as far as core needs one. */
export interface IGraphClientLike {
  api(path: string): IGraphRequestLike;
}

/** Graph API version segment. */
export type GraphVersion = 'v1.0' | 'beta';

/** Options for one request. */
export interface IRequestOptions {
  version?: GraphVersion;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** 'manual' to see a 302 (Node); browsers only ever follow. */
  redirect?: 'follow' | 'manual';
}

/** A response read into memory: JSON parsed when the content type says JSON. */
export interface IGraphResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** One request inside a JSON `$batch`. */
export interface IBatchRequest {
  id: string;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT';
  /** Relative to the version root, e.g. `/users/{id}/manager`. */
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
  dependsOn?: string[];
}

/** One answer inside a `$batch` response. */
export interface IBatchResponse {
  id: string;
  status: number;
  headers: Record<string, string>;
  body: unknown;
}
