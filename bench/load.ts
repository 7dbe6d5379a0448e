/**
 * One HTTP load run with autocannon, in a process of its own so the load generator does not
 * share an event loop with the server it measures. Prints the figures as one JSON line.
 * Usage: echo '{"url": "...", "token": "...", "seconds": 5, "connections": 10}' | node dist/bench/load.js
 * (on standard input: 5,000 inboxes' paths pass the limit of a command line). With `paths`, each
 * connection asks for them in turn (many units' inboxes rather than one).
 */
import autocannon from 'autocannon';

interface LoadRequest {
  url: string;
  paths?: string[];
  token?: string;
  seconds: number;
  connections: number;
}

async function main(): Promise<void> {
  let input = '';
  for await (const chunk of process.stdin) input += String(chunk);
  const request = JSON.parse(input) as LoadRequest;
  const result = await autocannon({
    url: request.url,
    connections: request.connections,
    duration: request.seconds,
    headers: request.token ? { authorization: `Bearer ${request.token}` } : {},
    ...(request.paths && { requests: request.paths.map((path) => ({ method: 'GET' as const, path })) }),
  });
  process.stdout.write(
    `${JSON.stringify({
      p50: result.latency.p50,
      p99: result.latency.p99,
      mean: result.latency.average,
      requestsPerSecond: result.requests.average,
      requests: result.requests.total,
      non2xx: result.non2xx,
      errors: result.errors,
    })}\n`,
  );
}

void main();
