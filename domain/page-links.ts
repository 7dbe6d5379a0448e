/**
 * Addresses of the web pages that notices, digests and calendar feeds link to: the page (a hash
 * route of the single-page app, which asks to sign in first) under the engine's public address.
 */
export const pageLink = (publicUrl: string, page: string): string => new URL(`/#/${page}`, publicUrl).toString();

export const assignmentPageLink = (publicUrl: string, assignmentId: string): string => pageLink(publicUrl, `assignments/${assignmentId}`);
