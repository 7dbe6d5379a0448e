import { answerFault } from './openapi-check';

export interface HttpAnswer<T = any> {
  status: number;
  contentType: string;
  headers: Headers;
  body: T;
}

/**
 * A tiny JSON client over real HTTP, signed in with `token` when given; answers are
 * returned, never thrown, so tests assert on them. Every answer is checked against the
 * OpenAPI document first (answerFault): one the document does not allow fails the test.
 */
export function httpClient(baseUrl: string, token?: string) {
  async function send<T>(method: string, path: string, body?: unknown, rawBody?: string, extraHeaders: Record<string, string> = {}): Promise<HttpAnswer<T>> {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(body !== undefined || rawBody !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(token && { authorization: `Bearer ${token}` }),
        ...extraHeaders,
      },
      body: rawBody ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
    const text = await response.text();
    const answer = {
      status: response.status,
      contentType: response.headers.get('content-type') ?? '',
      headers: response.headers,
      body: text ? JSON.parse(text) : undefined,
    };
    const fault = answerFault(method, path, answer.status, answer.contentType, answer.body);
    if (fault) throw new Error(fault);
    return answer;
  }
  return {
    get: <T = any>(path: string) => send<T>('GET', path),
    post: <T = any>(path: string, body?: unknown, headers?: Record<string, string>) => send<T>('POST', path, body, undefined, headers),
    postRaw: <T = any>(path: string, rawBody: string, contentType = 'application/json') => send<T>('POST', path, undefined, rawBody, { 'content-type': contentType }),
    patch: <T = any>(path: string, body?: unknown) => send<T>('PATCH', path, body),
    delete: <T = any>(path: string) => send<T>('DELETE', path),
  };
}

export async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Waits until an assignment's workflow answers: a plan's workflow starts its children a moment after the plan is saved. */
export function assignmentWorkflowStarted(http: ReturnType<typeof httpClient>, assignmentId: string): Promise<true> {
  return eventually(async () => ((await http.get(`/assignments/${assignmentId}/live`)).status === 200 ? true : undefined), `the workflow of assignment ${assignmentId}`);
}
