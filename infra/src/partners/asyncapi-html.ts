// A static, readable page for the AsyncAPI document: no scripts, no fonts or styles from the
// network (AsyncAPI's own web components need both). One section per channel: address, type,
// description, a table of the `data` fields, an example event and the JSON Schema.
import type { JsonSchema } from './examples.ts';

type Doc = {
  info: { title: string; version: string; description: string; tags?: { name: string; description: string }[] };
  servers: Record<string, { host: string; protocol: string; description: string }>;
  channels: Record<string, { address: string; title: string; summary: string; messages: Record<string, { $ref: string }>; tags: { name: string }[] }>;
  components: {
    schemas: Record<string, JsonSchema>;
    messages: Record<
      string,
      {
        name: string;
        title: string;
        summary: string;
        payload: { allOf: [unknown, { properties: { data: { $ref: string } } }] };
        examples?: { payload: unknown }[];
        'x-contract': { name: string; version: number; producer: string };
      }
    >;
  };
};

const esc = (s: unknown) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Markdown's `code` and **bold**, and paragraphs — all the description uses. */
function inline(text: string): string {
  return esc(text)
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>');
}

function paragraphs(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((p) => `<p>${inline(p.replace(/\n/g, ' '))}</p>`)
    .join('\n');
}

function typeOf(schema: JsonSchema): string {
  if (schema.const !== undefined) return `<code>${esc(JSON.stringify(schema.const))}</code>`;
  if (schema.enum) return schema.enum.map((v) => `<code>${esc(JSON.stringify(v))}</code>`).join(' | ');
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches) return branches.map(typeOf).join(' | ');
  const type = Array.isArray(schema.type) ? schema.type.join(' | ') : (schema.type ?? 'any');
  if (type === 'array') return `array of ${schema.items ? typeOf(schema.items) : 'any'}`;
  if (schema.format) return `${esc(type)} <span class="fmt">(${esc(schema.format)})</span>`;
  return esc(type);
}

function constraints(schema: JsonSchema): string {
  const notes: string[] = [];
  const pick = (s: JsonSchema) => {
    if (s.pattern && !s.format) notes.push(`pattern <code>${esc(s.pattern)}</code>`);
    if (s.minLength !== undefined && s.minLength === s.maxLength) notes.push(`exactly ${s.minLength} characters`);
    else {
      if (s.minLength !== undefined && s.minLength > 0) notes.push(`at least ${s.minLength} character${s.minLength === 1 ? '' : 's'}`);
      if (s.maxLength !== undefined) notes.push(`at most ${s.maxLength} characters`);
    }
    if (s.minimum !== undefined) notes.push(`≥ ${s.minimum}`);
    if (s.exclusiveMinimum !== undefined) notes.push(`> ${s.exclusiveMinimum}`);
    if (s.maximum !== undefined && s.maximum < Number.MAX_SAFE_INTEGER) notes.push(`≤ ${s.maximum}`);
    if (s.exclusiveMaximum !== undefined) notes.push(`< ${s.exclusiveMaximum}`);
    if (s.minItems !== undefined && s.minItems > 0) notes.push(`at least ${s.minItems} item${s.minItems === 1 ? '' : 's'}`);
  };
  pick(schema);
  for (const branch of schema.anyOf ?? schema.oneOf ?? []) pick(branch);
  if (schema.description) notes.push(inline(schema.description));
  return notes.join('; ');
}

function rows(schema: JsonSchema, path: string, required: boolean, out: string[]): void {
  out.push(
    `<tr><td><code>${esc(path)}</code>${required ? '' : ' <span class="opt">optional</span>'}</td><td>${typeOf(schema)}</td><td>${constraints(schema)}</td></tr>`,
  );
  const object = schema.type === 'object' ? schema : undefined;
  const itemObject = schema.type === 'array' && schema.items?.type === 'object' ? schema.items : undefined;
  const nested = object ?? itemObject;
  if (nested?.properties) {
    const base = itemObject ? `${path}[]` : path;
    for (const [key, sub] of Object.entries(nested.properties)) rows(sub, `${base}.${key}`, (nested.required ?? []).includes(key), out);
  }
}

function fieldTable(schema: JsonSchema): string {
  const out: string[] = [];
  for (const [key, sub] of Object.entries(schema.properties ?? {})) rows(sub, key, (schema.required ?? []).includes(key), out);
  return `<table><thead><tr><th>field</th><th>type</th><th>constraints</th></tr></thead><tbody>\n${out.join('\n')}\n</tbody></table>`;
}

const CSS = `
:root { --ink: #1d2330; --muted: #5b6475; --line: #dfe3ea; --accent: #b3261e; --bg: #fafbfc; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.55 -apple-system, "Segoe UI", "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; color: var(--ink); background: #fff; }
header { background: var(--ink); color: #fff; padding: 28px 40px; }
header h1 { margin: 0 0 4px; font-size: 26px; }
header p { margin: 0; color: #c9cfdb; }
main { display: grid; grid-template-columns: 300px 1fr; gap: 0; }
nav { border-right: 1px solid var(--line); padding: 20px; background: var(--bg); position: sticky; top: 0; align-self: start; max-height: 100vh; overflow: auto; font-size: 13px; }
nav h2 { font-size: 12px; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); margin: 18px 0 6px; }
nav a { display: block; color: var(--ink); text-decoration: none; padding: 2px 0; word-break: break-all; }
nav a:hover { color: var(--accent); }
article { padding: 24px 40px 80px; min-width: 0; }
section.channel { border-top: 1px solid var(--line); padding-top: 18px; margin-top: 28px; }
h2.group { margin-top: 40px; font-size: 20px; border-bottom: 3px solid var(--accent); display: inline-block; padding-bottom: 2px; }
h3 { margin: 0 0 6px; font-size: 17px; word-break: break-all; }
code { font: 13px/1.4 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; background: #f1f3f6; padding: 1px 4px; border-radius: 3px; }
pre { background: #0f1420; color: #e6e9ef; padding: 14px 16px; border-radius: 6px; overflow: auto; font: 12.5px/1.45 ui-monospace, Menlo, Consolas, monospace; }
pre code { background: none; padding: 0; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 8px 0 12px; font-size: 14px; }
dl.meta dt { color: var(--muted); }
dl.meta dd { margin: 0; }
table { border-collapse: collapse; width: 100%; font-size: 13.5px; margin: 8px 0 12px; }
th, td { text-align: left; vertical-align: top; border-bottom: 1px solid var(--line); padding: 6px 8px; }
th { color: var(--muted); font-weight: 600; font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
td:first-child { white-space: nowrap; }
.opt { color: var(--muted); font-size: 12px; }
.fmt { color: var(--muted); }
details summary { cursor: pointer; color: var(--muted); margin: 6px 0; }
.servers td:first-child { font-weight: 600; }
@media (max-width: 900px) { main { grid-template-columns: 1fr; } nav { position: static; max-height: none; } article { padding: 20px; } }
`;

export function renderAsyncApiHtml(docInput: Record<string, unknown>): string {
  const doc = docInput as unknown as Doc;
  const byProducer = new Map<string, [string, Doc['channels'][string]][]>();
  for (const entry of Object.entries(doc.channels)) {
    const producer = entry[1].tags[0]?.name ?? 'other';
    byProducer.set(producer, [...(byProducer.get(producer) ?? []), entry]);
  }
  const nav: string[] = [];
  const body: string[] = [];
  for (const [producer, channels] of byProducer) {
    nav.push(`<h2>${esc(producer)}</h2>`);
    const tag = doc.info.tags?.find((t) => t.name === producer);
    body.push(`<h2 class="group" id="producer-${esc(producer)}">${esc(producer)}</h2>`);
    if (tag) body.push(`<p>${inline(tag.description)}</p>`);
    for (const [id, channel] of channels) {
      const messageRef = Object.values(channel.messages)[0]!.$ref;
      const message = doc.components.messages[messageRef.split('/').pop()!]!;
      const schemaName = message.payload.allOf[1].properties.data.$ref.split('/').pop()!;
      const schema = doc.components.schemas[schemaName]!;
      nav.push(`<a href="#${esc(id)}">${esc(message['x-contract'].name)} <span class="fmt">v${message['x-contract'].version}</span></a>`);
      body.push(`<section class="channel" id="${esc(id)}">
<h3>${esc(message.title)}</h3>
<p>${inline(message.summary)}</p>
<dl class="meta">
<dt>NATS subject</dt><dd><code>${esc(channel.address)}</code></dd>
<dt>CloudEvents type</dt><dd><code>${esc(message.name)}</code></dd>
<dt>source</dt><dd><code>/sanshe/${esc(message['x-contract'].producer)}</code></dd>
</dl>
<h4>data</h4>
${fieldTable(schema)}
${message.examples?.[0] ? `<details open><summary>Example event</summary><pre><code>${esc(JSON.stringify(message.examples[0].payload, null, 2))}</code></pre></details>` : ''}
<details><summary>JSON Schema of <code>data</code> (<code>#/components/schemas/${esc(schemaName)}</code>)</summary><pre><code>${esc(JSON.stringify(schema, null, 2))}</code></pre></details>
</section>`);
    }
  }
  const servers = Object.entries(doc.servers)
    .map(([name, s]) => `<tr><td>${esc(name)}</td><td><code>${esc(s.protocol)}://${esc(s.host)}</code></td><td>${inline(s.description)}</td></tr>`)
    .join('\n');
  const count = Object.keys(doc.channels).length;
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(doc.info.title)} — AsyncAPI</title>
<style>${CSS}</style>
</head>
<body>
<!-- Generated by \`pnpm asyncapi\` from docs/asyncapi/asyncapi.json (infra/src/partners/asyncapi-html.ts). Do not edit. -->
<header><h1>${esc(doc.info.title)}</h1><p>AsyncAPI 3.0 · version ${esc(doc.info.version)} · ${count} channels · <a style="color:#fff" href="asyncapi.json">asyncapi.json</a></p></header>
<main>
<nav><h2>Overview</h2><a href="#overview">Format, naming, delivery</a><a href="#servers">Servers</a>${nav.join('\n')}</nav>
<article>
<section id="overview">${paragraphs(doc.info.description)}</section>
<section id="servers"><h2 class="group">Servers</h2>
<table class="servers"><thead><tr><th>name</th><th>url</th><th></th></tr></thead><tbody>${servers}</tbody></table></section>
${body.join('\n')}
</article>
</main>
</body>
</html>
`;
}
