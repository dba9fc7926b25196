/**
 * The AsyncAPI 3.0 document of the generated project: a channel per event (its `[TOPIC ...]` annotation
 * or its name as the address) and per request route (with a reply channel), the messages with their
 * payload schemas (from the same field model as the TypeScript checks), and per service the operations
 * it performs: `send` for the events it publishes and the requests it makes, `receive` for the events it
 * listens to and the requests it answers. Component keys are ASCII names from the contract file names.
 */
import { moneySchema, objectSchema, type JsonSchema, type SchemaRefs } from './fields.js';
import type { Message, Project, ServedExchange } from './project.js';
import { compare } from './project.js';
import type { YamlValue } from './yaml.js';

const componentRefs: SchemaRefs = { record: (key) => `#/components/schemas/record.${key}`, money: '#/components/schemas/money' };

export function asyncApiDocument(project: Project, name: string): YamlValue {
  const names = project.recordNames;
  const channels: Record<string, YamlValue> = {};
  const messages: Record<string, YamlValue> = {};
  const schemas: Record<string, YamlValue> = {};
  const operations: Record<string, YamlValue> = {};

  let open = false;
  const message = (m: Message): void => {
    // Payloads the model declares no fields for share one schema: any object.
    if (m.fields) schemas[`message.${m.schema}`] = { title: m.type, ...objectSchema(m.fields, names, componentRefs) } as YamlValue;
    else open = true;
    messages[m.schema] = {
      name: m.type,
      title: m.type,
      contentType: 'application/json',
      payload: { $ref: m.fields ? `#/components/schemas/message.${m.schema}` : '#/components/schemas/open-object' },
    };
  };
  const ref = (path: string): YamlValue => ({ $ref: path });

  for (const m of project.messages.filter((x) => x.kind === 'event')) {
    message(m);
    channels[m.file] = {
      ...address(m.channel ?? m.type),
      title: m.type,
      description: m.timer ? `${upper(m.description)}: set by a unit and delivered back to it after a delay.` : `Where ${m.description} is published.`,
      messages: { [m.schema]: ref(`#/components/messages/${m.schema}`) },
    };
  }
  const exchanges = project.exchanges.filter((e): e is ServedExchange => e.server !== undefined).sort((a, b) => compare(a.file, b.file));
  for (const e of exchanges) {
    message(e.request);
    message(e.response);
    channels[e.file] = {
      ...address(e.route),
      title: e.request.type,
      description: `Requests of "${e.title}".`,
      messages: { [e.request.schema]: ref(`#/components/messages/${e.request.schema}`) },
    };
    channels[`${e.file}.reply`] = {
      address: null,
      title: e.response.type,
      description: `Responses to "${e.title}" (sent back to the requester).`,
      messages: { [e.response.schema]: ref(`#/components/messages/${e.response.schema}`) },
    };
  }
  for (const r of [...project.records].sort((a, b) => compare(a.key, b.key))) {
    schemas[`record.${r.key}`] = { title: r.record.name, ...objectSchema(r.record.fields, names, componentRefs) } as YamlValue;
  }
  if (project.records.some((r) => usesMoney(r.record.fields)) || project.messages.some((m) => usesMoney(m.fields))) schemas['money'] = moneySchema as YamlValue;
  if (open) schemas['open-object'] = { type: 'object', description: 'Any object: the model declares no fields for these payloads.' };

  const reply = (e: ServedExchange): YamlValue => ({
    channel: ref(`#/channels/${e.file}.reply`),
    messages: [ref(`#/channels/${e.file}.reply/messages/${e.response.schema}`)],
  });
  for (const s of project.services) {
    const serves = s.requestHandlers.map((h) => h.exchange);
    const ops: [string, YamlValue][] = [
      ...s.publishes.map((m): [string, YamlValue] => [`${s.file}.publish.${m.file}`, { action: 'send', title: `${s.name} publishes ${m.type}`, channel: ref(`#/channels/${m.file}`), messages: [ref(`#/channels/${m.file}/messages/${m.schema}`)] }]),
      ...s.listens.map((m): [string, YamlValue] => [`${s.file}.receive.${m.file}`, { action: 'receive', title: `${s.name} receives ${m.type}`, channel: ref(`#/channels/${m.file}`), messages: [ref(`#/channels/${m.file}/messages/${m.schema}`)] }]),
      ...s.asks.map((e): [string, YamlValue] => [`${s.file}.request.${e.file}`, { action: 'send', title: `${s.name}: ${e.title}`, channel: ref(`#/channels/${e.file}`), messages: [ref(`#/channels/${e.file}/messages/${e.request.schema}`)], reply: reply(e) }]),
      ...serves.map((e): [string, YamlValue] => [`${s.file}.serve.${e.file}`, { action: 'receive', title: `${s.name} answers: ${e.title}`, channel: ref(`#/channels/${e.file}`), messages: [ref(`#/channels/${e.file}/messages/${e.request.schema}`)], reply: reply(e) }]),
    ];
    for (const [id, op] of ops.sort((a, b) => compare(a[0], b[0]))) operations[id] = op;
  }

  return {
    asyncapi: '3.0.0',
    info: {
      title: `${name} services`,
      version: '0.1.0',
      description: `The messages of ${project.model.files.join(', ') || 'a craft model'}: events, and the requests and responses of each \`asks\`, as craft gen writes them.`,
    },
    defaultContentType: 'application/json',
    channels,
    operations,
    components: { schemas, messages },
  } as YamlValue;
}

/** A channel address; `{name}` parts become parameters (other braces are not addresses' business). */
function address(text: string): { address: string; parameters?: Record<string, YamlValue> } {
  const names: string[] = [];
  const safe = text.replace(/\{([^{}]*)\}|[{}]/g, (whole, n: string | undefined) => {
    if (n !== undefined && /^[A-Za-z0-9_-]+$/.test(n)) {
      if (!names.includes(n)) names.push(n);
      return whole;
    }
    if (n !== undefined) return `(${n})`;
    return whole === '{' ? '(' : ')';
  });
  if (names.length === 0) return { address: safe };
  return { address: safe, parameters: Object.fromEntries(names.map((n) => [n, { description: `The ${n} part of the address.` }])) };
}

function upper(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function usesMoney(fields: Message['fields']): boolean {
  const has = (t: NonNullable<Message['fields']>[number]['type']): boolean => (t.kind === 'list' ? has(t.of) : t.kind === 'primitive' && t.name === 'money');
  return (fields ?? []).some((f) => has(f.type));
}

export type { JsonSchema };
