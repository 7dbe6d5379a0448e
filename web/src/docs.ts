/** A browsable view of /openapi.json: operations by tag, their parameters, bodies and examples. */
import { h, show } from './dom.js';
import { language, t } from './i18n.js';

interface Operation {
  tags: string[];
  summary: string;
  description?: string;
  parameters?: { name: string; in: string; required: boolean; schema: unknown }[];
  requestBody?: { content: Record<string, { schema: unknown; example?: unknown }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: { $ref?: string } }> }>;
}
interface OpenApi {
  info: { title: string; version: string; description: string };
  tags: { name: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown> };
}

const typeOf = (schema: unknown) => {
  const { type, enum: values, format } = (schema ?? {}) as { type?: string; enum?: unknown[]; format?: string };
  return values ? values.join(' | ') : [type, format].filter(Boolean).join(', ');
};

/** A response: its status and description, and the schema of its JSON answer by name, which opens to show it. */
function responseView(status: string, response: Operation['responses'][string], schemas: OpenApi['components']['schemas']): HTMLElement {
  const named = Object.entries(response.content ?? {}).find(([type]) => type.endsWith('json'))?.[1].schema.$ref?.split('/').at(-1);
  return h(
    'li',
    {},
    h('code', {}, status),
    ' ',
    response.description,
    named ? h('details', {}, h('summary', {}, h('code', {}, named)), h('pre', {}, JSON.stringify(schemas[named], null, 2))) : null,
  );
}

function operationView(method: string, path: string, operation: Operation, schemas: OpenApi['components']['schemas']): HTMLElement {
  const json = operation.requestBody?.content['application/json'];
  const slug = `${method}-${path}`.replace(/[^\w]+/g, '-');
  return h(
    'details',
    { class: 'operation', id: slug },
    h('summary', {}, h('span', { class: `method method-${method}` }, method.toUpperCase()), ' ', h('code', {}, path), ' ', operation.summary),
    operation.description ? h('p', {}, operation.description) : null,
    operation.parameters?.length
      ? h(
          'table',
          {},
          h('caption', {}, t('parameters')),
          ...operation.parameters.map((parameter) => h('tr', {}, h('td', {}, h('code', {}, parameter.name)), h('td', {}, parameter.in), h('td', {}, typeOf(parameter.schema)), h('td', {}, parameter.required ? t('required') : ''))),
        )
      : null,
    json
      ? h(
          'div',
          {},
          h('h4', {}, t('requestBody')),
          json.example !== undefined ? h('div', {}, h('h5', {}, t('example')), h('pre', {}, JSON.stringify(json.example, null, 2))) : null,
          h('details', {}, h('summary', {}, 'JSON Schema'), h('pre', {}, JSON.stringify(json.schema, null, 2))),
        )
      : null,
    h('ul', { class: 'responses' }, ...Object.entries(operation.responses).map(([status, response]) => responseView(status, response, schemas))),
  );
}

async function renderDocs(): Promise<void> {
  document.documentElement.lang = language();
  const root = document.getElementById('app')!;
  const document_ = (await (await fetch('/openapi.json')).json()) as OpenApi;
  const operations = Object.entries(document_.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ path, method, operation })));
  show(
    root,
    h(
      'main',
      { id: 'main', class: 'page docs' },
      h('p', {}, h('a', { href: '/' }, `← ${t('appName')}`)),
      h('h1', {}, `${t('docsTitle')}: ${document_.info.title} ${document_.info.version}`),
      h('p', {}, t('docsIntro'), ' ', h('a', { href: '/openapi.json' }, '/openapi.json')),
      h('p', {}, document_.info.description),
      ...document_.tags.map((tag) =>
        h('section', {}, h('h2', {}, tag.name), ...operations.filter(({ operation }) => operation.tags.includes(tag.name)).map(({ path, method, operation }) => operationView(method, path, operation, document_.components.schemas))),
      ),
    ),
  );
}

void renderDocs();
