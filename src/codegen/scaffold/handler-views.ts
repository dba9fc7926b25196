/**
 * Views of handlers for the templates: the lines of a handler's body (for the `effects` partial), as a
 * service's stub writes them (typed client methods) or as a fake of the outside world does (generic
 * client), and the registrations of the wiring files.
 */
import { foldEffects } from './effects.js';
import { camelCase, commentText } from './safe-names.js';
import type { Ask, Effect, EventHandler, EventMessage, RequestHandler } from './project.js';

const str = (s: string): string => JSON.stringify(s).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

/** The body of a handler as lines for the `effects` partial; `client` (typed methods) or `fake` (generic). */
export function effectLines(effects: readonly Effect[], dialect: 'client' | 'fake'): object[] {
  const line = (comment: string, code: string | false, cond: string | false = false, then: object[] = []) => ({ comment, code, cond, then });
  return foldEffects<EventMessage, Ask, object>(effects, {
    note: (e) => line(commentText(e.text), false),
    request: (e) => {
      const x = e.exchange;
      const code = dialect === 'client' ? `await client.request${x.ident}({});` : `await client.request(${str(x.route)}, c.contract${x.request.ident}, c.contract${x.response.ident}, {});`;
      return line(commentText(e.text), code);
    },
    publish: (e) => {
      const m = e.event;
      const code = dialect === 'client' ? `await client.publish${m.ident}(c.example${m.ident}());` : `await client.publish(c.contract${m.ident}, c.example${m.ident}());`;
      const alternatives = e.alternatives.length > 1 ? ` (the first outcome; the model also allows ${e.alternatives.slice(1).map((a) => `"${a.type}"`).join(', ')})` : '';
      return line(commentText(e.text) + commentText(alternatives), code);
    },
    schedule: (e) => {
      const m = e.event;
      const code = dialect === 'client' ? `await client.schedule${m.ident}(c.example${m.ident}(), ${e.delayMs});` : `await client.schedule(c.contract${m.ident}, c.example${m.ident}(), ${e.delayMs});`;
      return line(commentText(e.text), code);
    },
    cancel: (e, then) => {
      const m = e.event;
      const cond = dialect === 'client' ? `await client.cancel${m.ident}()` : `await client.cancel(c.contract${m.ident})`;
      return line(`${commentText(e.text)}: what follows happens only while the timer is pending`, false, cond, then());
    },
    // The stub takes the first outcome: choose the one your logic gives (the type lists the others).
    decide: (e) => line(commentText(`${e.text}: choose among ${e.outcomes.map((o) => `"${o}"`).join(', ')}`), `client.decide(${str(e.fact)}, ${str(e.outcomes[0] ?? '')});`),
    branch: (e, then) => {
      const tests = e.tests.map((t) => `${str(t.fact)}: [${t.outcomes.map(str).join(', ')}]`).join(', ');
      return line(commentText(e.text), false, `client.holds({ ${tests} })`, then());
    },
  });
}

export function eventWiringView(h: EventHandler, aliases: (raw: string) => string) {
  return {
    alias: aliases(`on ${h.unit.ident} ${h.event.ident}`),
    comment: commentText(`${h.unit.name}: ${h.scenarios.map((s) => s.title).join('; ')}`),
    event: h.event.ident,
    at: str(h.unit.id),
    order: h.order,
    idempotent: h.idempotent,
    route: false,
    request: false,
    response: false,
  };
}

export function requestWiringView(h: RequestHandler, aliases: (raw: string) => string) {
  const e = h.exchange;
  return {
    alias: aliases(`serve ${h.unit.ident} ${e.ident}`),
    comment: commentText(`${h.unit.name} answers: ${e.title}`),
    event: false,
    at: str(h.unit.id),
    order: 0,
    idempotent: false,
    route: str(e.route),
    request: e.request.ident,
    response: e.response.ident,
  };
}

/** Silent unique identifiers for generated aliases (not model names: no finding needed). */
export function scope(): (raw: string) => string {
  const taken = new Set<string>();
  return (raw) => {
    const base = camelCase(raw);
    let id = base;
    for (let n = 2; taken.has(id); n++) id = `${base}${n}`;
    taken.add(id);
    return id;
  };
}
