/**
 * The check the shared test client runs on every answer (test/support/openapi-check.ts) must
 * be able to fail: bodies the document does not allow, statuses it does not list.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { httpClient } from '../support/http';
import { answerFault } from '../support/openapi-check';

const planList = {
  items: [
    {
      id: '5f0c7a52-0d8c-4a8e-9d55-0b4a7a0d2c11',
      code: '925/KH-UBND',
      title: 'Kế hoạch thực hiện công tác gia đình năm 2024',
      issuingBody: 'UBND tỉnh Kon Tum',
      issuedOn: '2024-03-15',
      period: { from: '2024-01-01', to: '2024-12-31' },
      status: 'active',
      note: null,
      progress: { total: 3, open: 1, overdue: 1, submitted: 1, done: 0, doneLate: 0, cancelled: 0 },
    },
  ],
  total: 1,
  limit: 20,
  offset: 0,
};
const problem = { type: '/problems/not-found', title: 'Not found', status: 404, detail: 'plan x does not exist', instance: '/plans/x' };

describe('the OpenAPI check of answers', () => {
  it('lets through what the document allows', () => {
    expect(answerFault('GET', '/plans?limit=20', 200, 'application/json; charset=utf-8', planList)).toBeUndefined();
    expect(answerFault('GET', '/plans/5f0c7a52-0d8c-4a8e-9d55-0b4a7a0d2c11', 404, 'application/problem+json; charset=utf-8', problem)).toBeUndefined();
    expect(answerFault('POST', '/auth/logout', 204, '', undefined)).toBeUndefined();
    // Outside the document: the web pages and a path no route has.
    expect(answerFault('GET', '/index.html', 200, 'text/html', undefined)).toBeUndefined();
    expect(answerFault('GET', '/nowhere', 404, 'application/problem+json', problem)).toBeUndefined();
  });

  it('names the operation, the status and each field the document refuses', () => {
    const wrong = { ...planList, items: [{ ...planList.items[0], issuedOn: '15/03/2024', status: 'paused' }] };
    const fault = answerFault('GET', '/plans', 200, 'application/json', wrong);
    expect(fault).toContain('GET /plans (/plans) answered 200');
    expect(fault).toContain('body/items/0/issuedOn must match format "date"');
    expect(fault).toContain('body/items/0/status must be equal to one of the allowed values');
  });

  it('refuses a field the document does not name, a missing one, and a status it does not list', () => {
    expect(answerFault('GET', '/plans', 200, 'application/json', { ...planList, next: '/plans?offset=20' })).toContain('must NOT have additional properties');
    const { total: _total, ...withoutTotal } = planList;
    expect(answerFault('GET', '/plans', 200, 'application/json', withoutTotal)).toContain("must have required property 'total'");
    expect(answerFault('GET', '/plans', 418, 'application/problem+json', { ...problem, status: 418 })).toContain('a status the OpenAPI document does not list');
    expect(answerFault('POST', '/units/import', 200, 'application/json', { created: 1 })).toContain('POST /units/import (/units/import) answered 200');
  });

  describe('in the shared test client', () => {
    let server: Server;
    let baseUrl: string;
    beforeAll(async () => {
      server = createServer((req, res) => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(req.url === '/plans' ? planList : { items: 'none', total: 0, limit: 20, offset: 0 }));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise((resolve) => server.close(resolve)));

    it('returns an answer that agrees with the document and throws on one that does not', async () => {
      const http = httpClient(baseUrl);
      expect((await http.get('/plans')).body).toEqual(planList);
      await expect(http.get('/units')).rejects.toThrow(/GET \/units \(\/units\) answered 200, a body the OpenAPI document does not allow:\nbody\/items must be array/);
    });
  });
});
