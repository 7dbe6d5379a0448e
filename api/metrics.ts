/**
 * Prometheus metrics at /metrics: HTTP traffic of this process, and the engine's state read
 * from the database at scrape time — assignments by status, open escalations by level, notices
 * by outcome — so every API replica reports the same totals. The worker's Temporal SDK metrics
 * are served by the worker itself (WORKER_METRICS_ADDRESS).
 */
import type { Request, Response } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { EngineDeps } from '../services/deps';

export interface ApiMetrics {
  registry: Registry;
  observe(req: Request, res: Response, seconds: number): void;
}

export function createMetrics(deps: EngineDeps): ApiMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'plan_engine_api_' });
  const requests = new Counter({ name: 'plan_engine_http_requests_total', help: 'HTTP requests answered', labelNames: ['method', 'route', 'status'], registers: [registry] });
  const duration = new Histogram({
    name: 'plan_engine_http_request_duration_seconds',
    help: 'Time to answer an HTTP request',
    labelNames: ['method', 'route'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  new Gauge({
    name: 'plan_engine_assignments',
    help: 'Assignments by status',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of await deps.db.assignment.groupBy({ by: ['status'], _count: { _all: true } })) this.set({ status: row.status }, row._count._all);
    },
  });
  new Gauge({
    name: 'plan_engine_open_escalations',
    help: 'Escalations not yet resolved, by level',
    labelNames: ['level'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of await deps.db.escalation.groupBy({ by: ['level'], where: { resolvedAt: null }, _count: { _all: true } })) {
        this.set({ level: String(row.level) }, row._count._all);
      }
    },
  });
  new Gauge({
    name: 'plan_engine_notices',
    help: 'Reminders and escalation notices by channel and outcome (sent, failed, skipped, pending)',
    labelNames: ['channel', 'status'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of await deps.db.notification.groupBy({ by: ['channel', 'status'], _count: { _all: true } })) {
        this.set({ channel: row.channel, status: row.status }, row._count._all);
      }
    },
  });
  return {
    registry,
    observe(req, res, seconds) {
      // The route's pattern, not the path: ids would make a series per assignment.
      const route = (req.route as { path?: string } | undefined)?.path ?? 'unmatched';
      requests.inc({ method: req.method, route, status: String(res.statusCode) });
      duration.observe({ method: req.method, route }, seconds);
    },
  };
}
