/**
 * SharePoint's refusals as the demo tenant writes them (sharePoint.ts, sharePointLists.ts): the error type,
 * SharePoint's error codes and its messages, in one place so handlers and tests agree.
 */
import { GraphHttpError } from './errors';

/** A SharePoint failure on its way to the wire: a status, code and headers like Graph's, written in SharePoint's error shape. */
export class SharePointError extends GraphHttpError {
  public constructor(status: number, code: string, message: string, headers: Record<string, string> = {}) {
    super(status, code, message, headers);
    Object.setPrototypeOf(this, SharePointError.prototype);
  }
}

/** SharePoint's error codes (`odata.error.code`). */
export const CODE = {
  accessDenied: '-2147024891, System.UnauthorizedAccessException',
  listMissing: '-2130575322, System.ArgumentException',
  fileMissing: '-2147024894, System.IO.FileNotFoundException',
  spException: '-2130575342, Microsoft.SharePoint.SPException',
  fileExists: '-2130575257, Microsoft.SharePoint.SPException',
  argument: '-2147024809, System.ArgumentException',
  badQuery: '-1, Microsoft.SharePoint.Client.InvalidClientQueryException',
  service: '-1, Microsoft.SharePoint.Client.ClientServiceException',
  security: '-2130575251, Microsoft.SharePoint.SPException',
  throttled: '-2147024860, Microsoft.SharePoint.SPQueryThrottledException',
  duplicateField: '-2130575340, Microsoft.SharePoint.SPException'
} as const;

/** SharePoint's messages the relay and the store may meet. */
export const SP_MSG = {
  accessDenied: 'Access denied.',
  fileNotFound: 'File Not Found.',
  listExists: 'A list, survey, discussion board, or document library with the specified title already exists in this Web site.  Please choose another title.',
  listByIdMissing: 'List does not exist.\n\nThe page you selected contains a list that does not exist.  It may have been deleted by another user.',
  outOfRange: 'Value does not fall within the expected range.',
  security: "The security validation for this page is invalid and might be corrupted. Please use your web browser's Back button to try your operation again.",
  threshold: 'The attempted operation is prohibited because it exceeds the list view threshold.'
} as const;

export function accessDenied(): SharePointError {
  return new SharePointError(403, CODE.accessDenied, SP_MSG.accessDenied);
}

export function fileNotFound(): SharePointError {
  return new SharePointError(404, CODE.fileMissing, SP_MSG.fileNotFound);
}

export function badQuery(message: string): SharePointError {
  return new SharePointError(400, CODE.badQuery, message);
}
