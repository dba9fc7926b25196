/**
 * The JSON Schemas (2020-12) of the generated project: one per message (its payload, with the records and
 * money it uses under `$defs`), and the envelope's. Built from the same field model as the TypeScript
 * checks (fields.ts).
 */
import { defsRefs, moneySchema, objectSchema, reachable, type JsonSchema, type RecordNames } from './fields.js';
import { compare, type Message } from './project.js';

/** The schema of a message's payload. */
export function messageSchema(m: Message, names: RecordNames, note: string): JsonSchema {
  const { records, money } = reachable(m.fields, names);
  const $defs: Record<string, JsonSchema> = {};
  for (const r of [...records].sort((a, b) => compare(names.keyOf(a)!, names.keyOf(b)!))) {
    $defs[names.keyOf(r)!] = { title: r, ...objectSchema(names.fieldsOf(r), names, defsRefs) };
  }
  if (money) $defs['money'] = moneySchema;
  const schema: JsonSchema = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $comment: note,
    title: m.type,
    description: `The payload of ${m.description}.${m.fields ? '' : ' The model declares no fields for it: any object.'}`,
    ...objectSchema(m.fields, names, defsRefs),
    ...(Object.keys($defs).length > 0 ? { $defs } : {}),
  };
  return schema;
}

/** The schema of the envelope every message travels in. */
export function envelopeSchema(note: string): JsonSchema {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $comment: note,
    title: 'Envelope',
    description: 'Every message travels in an envelope; the payload is described by the schema of its type.',
    type: 'object',
    properties: {
      id: { type: 'string', minLength: 1 },
      type: { type: 'string' },
      correlationId: { type: 'string', minLength: 1 },
      causationId: { type: ['string', 'null'], minLength: 1 },
      occurredAt: { type: 'string', format: 'date-time' },
      facts: { type: 'object', additionalProperties: { type: 'string' }, description: "The flow's facts decided so far (decisions and replies with alternatives)." },
      payload: { type: 'object' },
    },
    required: ['id', 'type', 'correlationId', 'causationId', 'occurredAt', 'payload'],
    additionalProperties: false,
  };
}
