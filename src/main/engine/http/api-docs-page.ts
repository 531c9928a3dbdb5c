import type { JsonRecord, OpenApiDocument } from './openapi';

/**
 * /docs: the operations of the OpenAPI document as one HTML page, rendered here from the document so it needs
 * nothing from the network and no script (the UI's CSP forbids inline ones). Its stylesheet is /docs/docs.css.
 */
const escape = (s: unknown): string =>
  String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

const json = (value: unknown): string => `<pre>${escape(JSON.stringify(value, null, 2))}</pre>`;

function scopeOf(op: JsonRecord): string {
  const security = (op.security ?? []) as Record<string, string[]>[];
  return security[0] ? Object.values(security[0])[0]?.join(', ') ?? '' : 'public';
}

function renderOperation(method: string, path: string, op: JsonRecord): string {
  const parameters = (op.parameters ?? []) as { name: string; in: string; required: boolean; schema: unknown }[];
  const body = (op.requestBody as { content: Record<string, { schema: unknown }> } | undefined)?.content['application/json']?.schema;
  // Success first: JavaScript keeps the numeric status keys ahead of "2XX".
  const responses = Object.entries(op.responses as Record<string, { description: string; content?: Record<string, { schema: unknown }> }>)
    .sort(([a], [b]) => Number(b.startsWith('2')) - Number(a.startsWith('2')));
  const id = typeof op.operationId === 'string' ? ` id="${escape(op.operationId)}"` : '';
  return `<details${id}>
<summary><span class="method ${escape(method)}">${escape(method.toUpperCase())}</span> <code>${escape(path)}</code> ${escape(op.summary)} <span class="scope">${escape(scopeOf(op))}</span></summary>
${op.description ? `<p>${escape(op.description)}</p>` : ''}
${parameters.length > 0 ? `<h4>Parameters</h4><table><tr><th>name</th><th>in</th><th>required</th><th>schema</th></tr>${parameters
    .map((p) => `<tr><td><code>${escape(p.name)}</code></td><td>${escape(p.in)}</td><td>${p.required ? 'yes' : 'no'}</td><td><code>${escape(JSON.stringify(p.schema))}</code></td></tr>`)
    .join('')}</table>` : ''}
${body ? `<h4>Request body (application/json)</h4>${json(body)}` : ''}
<h4>Responses</h4><dl>${responses
    .map(([status, r]) => `<dt>${escape(status)}</dt><dd>${escape(r.description)}${status.startsWith('2') && r.content ? json(Object.values(r.content)[0]?.schema) : ''}</dd>`)
    .join('')}</dl>
</details>`;
}

export function renderApiDocsPage(doc: OpenApiDocument): string {
  const byTag = new Map<string, string[]>();
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const tag = ((op.tags ?? []) as string[])[0] ?? 'other';
      byTag.set(tag, [...(byTag.get(tag) ?? []), renderOperation(method, path, op)]);
    }
  }
  const sections = [...byTag].map(([tag, ops]) => `<section><h2 id="tag-${escape(tag)}">${escape(tag)}</h2>\n${ops.join('\n')}</section>`);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(doc.info.title)}</title>
<link rel="stylesheet" href="/docs/docs.css">
</head>
<body>
<header>
<h1>${escape(doc.info.title)} <small>${escape(doc.info.version)}</small></h1>
<p>${escape(doc.info.description)} The OpenAPI 3.1 document: <a href="/openapi.json">/openapi.json</a>.
Send a key in the <code>x-api-key</code> header or as <code>Authorization: Bearer</code>; the scope each operation needs is on its right.</p>
<nav>${[...byTag.keys()].map((tag) => `<a href="#tag-${escape(tag)}">${escape(tag)}</a>`).join(' · ')}</nav>
</header>
<main>
${sections.join('\n')}
</main>
</body>
</html>
`;
}

export const API_DOCS_CSS = `body { font: 14px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 70rem; padding: 1rem 1.5rem; color: #1d2430; }
h2 { border-bottom: 1px solid #d5dbe3; padding-bottom: .25rem; margin-top: 2rem; text-transform: capitalize; }
details { border: 1px solid #d5dbe3; border-radius: 6px; margin: .5rem 0; padding: .25rem .75rem; }
summary { cursor: pointer; padding: .25rem 0; }
.method { display: inline-block; min-width: 3.5rem; font-weight: 600; font-family: ui-monospace, monospace; }
.get { color: #1a6fb5; } .post { color: #2e7d32; }
.scope { float: right; color: #6b7483; font-size: 12px; }
pre { background: #f4f6f9; padding: .5rem; overflow: auto; max-height: 24rem; font-size: 12px; }
table { border-collapse: collapse; } td, th { border: 1px solid #d5dbe3; padding: .2rem .5rem; text-align: left; vertical-align: top; }
`;
