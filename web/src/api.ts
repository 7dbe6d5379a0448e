/**
 * The pages talk to the same JSON API as every other client, with the signed-in account's
 * bearer token; the API decides what each account may see and do.
 */
import type { components } from './generated/api.js';

/** The API's answers, under the names the OpenAPI document gives them (types generated from it by `npm run build`). */
export type Schemas = components['schemas'];
export type Account = Schemas['Account'];
export type Problem = Schemas['Problem'];

export class ApiProblem extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
  }
}

const TOKEN_KEY = 'plan-engine.session';

interface Session {
  token: string;
  account: Account;
}

export function session(): Session | null {
  const stored = sessionStorage.getItem(TOKEN_KEY);
  return stored ? (JSON.parse(stored) as Session) : null;
}

export function signOut(): void {
  sessionStorage.removeItem(TOKEN_KEY);
}

/** Ends every token of the account on the server (every device), then here. */
export async function signOutEverywhere(): Promise<void> {
  try {
    await request('POST', '/auth/logout', {});
  } finally {
    signOut();
  }
}

export async function signIn(username: string, password: string): Promise<Session> {
  const answer = (await request('POST', '/auth/login', { username, password }, false)) as Schemas['SignIn'];
  const stored: Session = { token: answer.token, account: answer.account };
  sessionStorage.setItem(TOKEN_KEY, JSON.stringify(stored));
  return stored;
}

/** Called when the token is refused, e.g. after it expired: the page asks for sign-in again. */
let onSignedOut: () => void = () => undefined;
export const whenSignedOut = (handler: () => void) => {
  onSignedOut = handler;
};

/** The signed-in account's bearer token as a header; none when signed out. */
function authorization(): Record<string, string> {
  const token = session()?.token;
  return token ? { authorization: `Bearer ${token}` } : {};
}

export async function request(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown, authenticated = true): Promise<unknown> {
  const headers: Record<string, string> = { accept: 'application/json', ...(authenticated && authorization()) };
  // A form (a file upload) is sent as the browser encodes it, with its own boundary.
  const form = body instanceof FormData;
  if (body !== undefined && !form) headers['content-type'] = 'application/json';
  // A key per user action: a retried click cannot act twice.
  if (method !== 'GET') headers['idempotency-key'] = crypto.randomUUID();
  const response = await fetch(path, { method, headers, ...(body !== undefined && { body: form ? body : JSON.stringify(body) }) });
  if (response.status === 401 && authenticated) {
    signOut();
    onSignedOut();
  }
  if (response.status === 204) return null;
  const answer: unknown = await response.json();
  if (!response.ok) throw new ApiProblem(answer as Problem);
  return answer;
}

/**
 * Saves a file the API answers (a report as CSV, XLSX or DOCX) under the name the API gives it;
 * a refusal comes back as the API's problem, as any other answer.
 */
export async function download(path: string): Promise<void> {
  const response = await fetchFile(path);
  const disposition = response.headers.get('content-disposition') ?? '';
  const named = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1] ?? /filename="?([^";]+)"?/i.exec(disposition)?.[1] ?? 'bao-cao';
  const url = URL.createObjectURL(await response.blob());
  const anchor = Object.assign(document.createElement('a'), { href: url, download: decodeURIComponent(named) });
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  URL.revokeObjectURL(url);
}

export const get = <T>(path: string) => request('GET', path) as Promise<T>;
export const post = <T>(path: string, body: unknown = {}) => request('POST', path, body) as Promise<T>;
export const patch = <T>(path: string, body: unknown) => request('PATCH', path, body) as Promise<T>;

/** A file the API serves, fetched with the session's token; a refusal comes back as the API's problem. */
async function fetchFile(path: string): Promise<Response> {
  const response = await fetch(path, { headers: authorization() });
  if (!response.ok) throw new ApiProblem((await response.json()) as Problem);
  return response;
}

/** A file the API serves (evidence, a thumbnail), for the page to show: images and frames cannot send the token themselves. */
export async function fetchBlob(path: string): Promise<Blob> {
  return (await fetchFile(path)).blob();
}

export interface Upload<T> {
  done: Promise<T>;
  cancel(): void;
}

/**
 * Sends a form with XMLHttpRequest, whose upload reports its progress (fetch does not), and
 * which the user may cancel; a cancelled or lost upload leaves nothing on the server.
 */
export function uploadForm<T>(path: string, form: FormData, onProgress: (sent: number, total: number) => void): Upload<T> {
  const xhr = new XMLHttpRequest();
  const done = new Promise<T>((resolve, reject) => {
    xhr.open('POST', path);
    for (const [name, value] of Object.entries({ ...authorization(), accept: 'application/json' })) xhr.setRequestHeader(name, value);
    xhr.upload.addEventListener('progress', (event) => onProgress(event.loaded, event.total));
    xhr.addEventListener('load', () => {
      const answer: unknown = JSON.parse(xhr.responseText || 'null');
      if (xhr.status >= 200 && xhr.status < 300) resolve(answer as T);
      else reject(new ApiProblem(answer as Problem));
    });
    xhr.addEventListener('abort', () => reject(new UploadCancelled()));
    xhr.addEventListener('error', () => reject(new Error('network')));
    xhr.send(form);
  });
  return { done, cancel: () => xhr.abort() };
}

export class UploadCancelled extends Error {}

export const remove = (path: string) => request('DELETE', path);
