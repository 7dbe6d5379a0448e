/**
 * The Express application: routes only parse and answer; the work is in services/.
 * Express 5 forwards rejected promises from handlers to the problem handler.
 */
import express, { type Express } from 'express';
import { commandSchemas } from '../domain/assignment-commands';
import { assignmentActions } from '../domain/assignment-status';
import { planDefinitionSchema } from '../domain/plan-definition';
import { createUnitSchema } from '../domain/units';
import type { Logger } from '../platform/logger';
import { assignmentHistory, getAssignment, liveAssignmentState, transitionAssignment, unitInbox } from '../services/assignments';
import type { EngineDeps } from '../services/deps';
import { escalationQuerySchema, listEscalations } from '../services/escalations';
import {
  decideExtension,
  extensionBodySchema,
  extensionDecisionBodySchema,
  reassignAssignment,
  reassignBodySchema,
  requestExtension,
} from '../services/extensions';
import { createPlan, getPlan, listPlans } from '../services/plans';
import { decideProposal, listProposals, proposalBodySchema, proposalDecisionBodySchema, proposeTask } from '../services/proposals';
import { createUnit, listUnits } from '../services/units';
import { checkHealth } from './health';
import { notFoundHandler, problemHandler } from './problems';
import { subResourceParamsSchema, idParamsSchema, pageQuerySchema, unitRefParamsSchema } from './schemas';
import { parseOrThrow } from './validate';

export const BODY_LIMIT = '1mb';

export function createApp(deps: EngineDeps, log: Logger): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(express.json({ limit: BODY_LIMIT, strict: true }));
  app.use((req, res, next) => {
    const started = performance.now();
    res.on('finish', () => {
      log.info({ method: req.method, path: req.path, status: res.statusCode, ms: Math.round(performance.now() - started) }, 'request');
    });
    next();
  });

  app.get('/healthz', async (_req, res) => {
    const health = await checkHealth(deps);
    res.status(health.status === 'ok' ? 200 : 503).json(health);
  });

  app.get('/plans', async (req, res) => {
    res.json(await listPlans(deps, parseOrThrow(pageQuerySchema, req.query, 'query')));
  });

  app.post('/plans', async (req, res) => {
    const plan = await createPlan(deps, parseOrThrow(planDefinitionSchema, req.body, 'plan definition'));
    res.status(201).location(`/plans/${plan.id}`).json(plan);
  });

  app.get('/plans/:id', async (req, res) => {
    res.json(await getPlan(deps, parseOrThrow(idParamsSchema, req.params, 'path').id));
  });

  app.get('/plans/:id/proposals', async (req, res) => {
    res.json(await listProposals(deps, parseOrThrow(idParamsSchema, req.params, 'path').id));
  });

  app.post('/plans/:id/proposals', async (req, res) => {
    const { id } = parseOrThrow(idParamsSchema, req.params, 'path');
    res.status(201).json(await proposeTask(deps, id, parseOrThrow(proposalBodySchema, req.body ?? {}, 'proposal')));
  });

  for (const decision of ['approve', 'reject'] as const) {
    app.post(`/plans/:id/proposals/:rid/${decision}`, async (req, res) => {
      const { id, rid } = parseOrThrow(subResourceParamsSchema, req.params, 'path');
      const body = parseOrThrow(proposalDecisionBodySchema, req.body ?? {}, 'decision');
      res.json(await decideProposal(deps, id, rid, decision === 'approve', body));
    });
  }

  app.get('/units', async (_req, res) => {
    res.json({ items: await listUnits(deps.db) });
  });

  app.post('/units', async (req, res) => {
    const unit = await createUnit(deps.db, parseOrThrow(createUnitSchema, req.body, 'unit'));
    res.status(201).location(`/units/${unit.id}`).json(unit);
  });

  app.get('/units/:id/assignments', async (req, res) => {
    res.json(await unitInbox(deps, parseOrThrow(unitRefParamsSchema, req.params, 'path').id));
  });

  app.get('/escalations', async (req, res) => {
    res.json(await listEscalations(deps, parseOrThrow(escalationQuerySchema, req.query, 'query')));
  });

  app.get('/assignments/:id', async (req, res) => {
    res.json(await getAssignment(deps, parseOrThrow(idParamsSchema, req.params, 'path').id));
  });

  app.get('/assignments/:id/live', async (req, res) => {
    res.json(await liveAssignmentState(deps, parseOrThrow(idParamsSchema, req.params, 'path').id));
  });

  app.get('/assignments/:id/history', async (req, res) => {
    res.json(await assignmentHistory(deps, parseOrThrow(idParamsSchema, req.params, 'path').id));
  });

  app.post('/assignments/:id/extension-requests', async (req, res) => {
    const { id } = parseOrThrow(idParamsSchema, req.params, 'path');
    const request = await requestExtension(deps, id, parseOrThrow(extensionBodySchema, req.body ?? {}, 'extension request'));
    res.status(201).json(request);
  });

  for (const decision of ['approve', 'reject'] as const) {
    app.post(`/assignments/:id/extension-requests/:rid/${decision}`, async (req, res) => {
      const { id, rid } = parseOrThrow(subResourceParamsSchema, req.params, 'path');
      const body = parseOrThrow(extensionDecisionBodySchema, req.body ?? {}, 'decision');
      res.json(await decideExtension(deps, id, rid, decision === 'approve', body));
    });
  }

  app.post('/assignments/:id/reassign', async (req, res) => {
    const { id } = parseOrThrow(idParamsSchema, req.params, 'path');
    res.json(await reassignAssignment(deps, id, parseOrThrow(reassignBodySchema, req.body ?? {}, 'reassignment')));
  });

  // POST /assignments/:id/start | submit | approve | return | complete | cancel
  for (const action of assignmentActions) {
    app.post(`/assignments/:id/${action}`, async (req, res) => {
      const { id } = parseOrThrow(idParamsSchema, req.params, 'path');
      const command = parseOrThrow(commandSchemas[action], req.body ?? {}, `${action} request`);
      res.json(await transitionAssignment(deps, id, action, command));
    });
  }

  app.use(notFoundHandler);
  app.use(problemHandler(log));
  return app;
}
