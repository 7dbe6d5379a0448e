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

export async function request(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown, authenticated = true): Promise<unknown> {
  const headers: Record<string, string> = { accept: 'application/json' };
  // A form (a file upload) is sent as the browser encodes it, with its own boundary.
  const form = body instanceof FormData;
  if (body !== undefined && !form) headers['content-type'] = 'application/json';
  const token = session()?.token;
  if (authenticated && token) headers.authorization = `Bearer ${token}`;
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

export const get = <T>(path: string) => request('GET', path) as Promise<T>;
export const post = <T>(path: string, body: unknown = {}) => request('POST', path, body) as Promise<T>;
export const patch = <T>(path: string, body: unknown) => request('PATCH', path, body) as Promise<T>;
