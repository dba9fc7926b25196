/**
 * Periodic triggers `craft check` accepts are triggers the simulator (and so `craft gen`) can run: a cron
 * expression is checked with the simulator's library, a period must be greater than zero. Before, the
 * inputs below passed `craft check` and crashed `craft simulate` and `craft gen` with an internal error.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile } from '../src/compiler/compile.js';
import type { Diagnostic } from '../src/diagnostics/diagnostic.js';
import { simulate } from '../src/simulator/index.js';
import { craft, root, test } from './support/cli.js';

const useCase = (trigger: string) => `use_case "Tick" {\n  when ${trigger}\n    Clock ticks\n}\n`;

function check(trigger: string): Diagnostic[] {
  return compile([{ path: 'tick.craft', text: useCase(trigger) }]).diagnostics.filter((d) => d.severity === 'error');
}

/** The string token of `  when cron "..."` / `  when every "..."` on line 2: from its opening to past its closing quote. */
function stringRange(trigger: string) {
  const start = 2 + 'when '.length + trigger.indexOf('"') + 1;
  return { line: 2, start, end: start + trigger.length - trigger.indexOf('"') };
}

const rejected: [string, string][] = [
  ['cron "99 * * * *"', 'craft/sema/invalid-cron'],
  ['cron "1/0 */5 8 13 13"', 'craft/sema/invalid-cron'],
  ['cron "MON 99 0-59/15 31 1"', 'craft/sema/invalid-cron'],
  ['cron "@sometimes"', 'craft/sema/invalid-cron'],
  ['cron "60 * * * *"', 'craft/sema/invalid-cron'],
  ['cron "0 0 30 2 *"', 'craft/sema/invalid-cron'],
  ['every "0s"', 'craft/sema/invalid-period'],
  ['every "0h0m"', 'craft/sema/invalid-period'],
];

describe('periodic triggers the simulator cannot run are errors', () => {
  it.each(rejected)('when %s is reported as %s on its string', (trigger, code) => {
    const errors = check(trigger);
    expect(errors.map((d) => d.code)).toEqual([code]);
    const { line, start, end } = stringRange(trigger);
    expect(errors[0]!.range.start).toMatchObject({ line, column: start });
    expect(errors[0]!.range.end).toMatchObject({ line, column: end });
  });

  it('says what is wrong with a cron expression, in the words of the five fields or of the library', () => {
    expect(check('cron "every day"')[0]!.message).toBe("'every day' is not a cron expression (five fields: minute hour day-of-month month day-of-week)");
    expect(check('cron "60 * * * *"')[0]!.message).toContain('60');
    expect(check('cron "60 * * * *"')[0]!.message).toContain('0-59');
  });

  it('reports a duration that is no duration once, as a syntax error, not also as a period', () => {
    expect(check('every "soon"').map((d) => d.code)).toEqual(['craft/syntax/invalid-duration']);
  });

  it.each(['cron "0 2 * * *"', 'cron "*/15 8-18 * * MON-FRI"', 'cron "0 0 29 2 *"', 'cron "0 0 1 JAN-MAR *"', 'every "24h"', 'every "1ms"', 'every "1h30m"'])(
    'accepts when %s and the simulator runs it',
    (trigger) => {
      expect(check(trigger)).toEqual([]);
      const { model } = compile([{ path: 'tick.craft', text: useCase(trigger) }]);
      expect(() => simulate(model, { useCases: ['tick'], flows: 3, trace: false })).not.toThrow();
    },
  );
});

describe('a cron expression the compiler accepts never crashes the simulator', () => {
  // Each field's values around its bounds (minute, hour, day of month, month, day of week), so that both
  // valid and invalid expressions come up; now and then a name, a wrong field count or an alias.
  const bounds: [number, number][] = [[0, 59], [0, 23], [1, 31], [1, 12], [0, 7]];
  const name = fc.constantFrom('MON', 'fri', 'SUN', 'JAN', 'dec', 'XYZ', 'MON-FRI', 'JAN-MAR');
  const field = ([lo, hi]: [number, number]) => {
    // Mostly in range; sometimes just outside it (0 for a day or a month, 60 for a minute, ...).
    const value = fc.oneof({ weight: 40, arbitrary: fc.integer({ min: lo, max: hi }) }, { weight: 1, arbitrary: fc.constantFrom(Math.max(0, lo - 1), hi + 1) });
    const range = fc.tuple(value, value).map(([a, b]) => (a <= b || b % 10 === 0 ? `${a}-${b}` : `${b}-${a}`));
    const atom = fc.oneof({ weight: 3, arbitrary: fc.constant('*') }, { weight: 3, arbitrary: value.map(String) }, { weight: 1, arbitrary: range });
    const step = fc.oneof({ weight: 40, arbitrary: fc.integer({ min: 1, max: hi }) }, { weight: 1, arbitrary: fc.constantFrom(0, hi + 1) });
    const stepped = fc.tuple(atom, fc.option(step, { nil: undefined, freq: 3 })).map(([a, s]) => (s === undefined ? a : `${a}/${s}`));
    const list = fc.tuple(stepped, stepped).map((l) => l.join(','));
    return fc.oneof({ weight: 30, arbitrary: stepped }, { weight: 4, arbitrary: list }, { weight: 1, arbitrary: name });
  };
  const expression = fc.oneof(
    { weight: 12, arbitrary: fc.tuple(...bounds.map(field)).map((f) => f.join(' ')) },
    { weight: 1, arbitrary: fc.array(field([0, 59]), { minLength: 1, maxLength: 7 }).map((f) => f.join(' ')) },
    { weight: 1, arbitrary: fc.constantFrom('@daily', '@hourly', '@sometimes', '', ' ') },
  );

  it('compile gives no error ⇒ simulate does not throw', () => {
    let accepted = 0;
    fc.assert(
      fc.property(expression, (cron) => {
        const { model, diagnostics } = compile([{ path: 'tick.craft', text: useCase(`cron "${cron}"`) }]);
        if (diagnostics.some((d) => d.severity === 'error')) return;
        accepted++;
        simulate(model, { useCases: ['tick'], flows: 1, trace: false });
      }),
      { numRuns: 400, seed: 20260101 },
    );
    // The generator must reach both sides, or the property says nothing.
    expect(accepted).toBeGreaterThan(20);
    expect(accepted).toBeLessThan(400);
  });
});

describe('craft check, simulate and gen on periodic triggers', () => {
  test('check points at each string; simulate and gen stop on the errors instead of crashing', ({ tmp }) => {
    const triggers = rejected.map(([t]) => t);
    const text = triggers.map((t, i) => `use_case "Tick ${i + 1}" {\n  when ${t}\n    Clock ticks\n}\n`).join('');
    writeFileSync(join(tmp, 'ticks.craft'), text);

    const checked = craft(['check', '--format', 'json', 'ticks.craft'], tmp);
    expect(checked.status).toBe(1);
    const found = (JSON.parse(checked.stdout) as { diagnostics: Diagnostic[] }).diagnostics.map((d) => `${d.range.start.line}:${d.range.start.column} ${d.code}`);
    expect(found).toEqual(rejected.map(([t, code], i) => `${i * 4 + 2}:${stringRange(t).start} ${code}`));

    for (const args of [['simulate', 'ticks.craft', 'tick-1'], ['gen', 'ticks.craft', '-o', 'out']]) {
      const r = craft(args, tmp);
      expect(r.stderr, args[0]).not.toContain('internal error');
      expect(r.status, `${args[0]}: ${r.stderr}`).toBe(1);
      expect(r.stderr).toContain('craft/sema/invalid-cron');
    }
  });

  it('does not load cron-parser for a model without a cron trigger (craft check starts fast)', () => {
    const script = `
      import { createRequire } from 'node:module';
      import { readFileSync } from 'node:fs';
      const { compile } = await import('./dist/src/compiler/compile.js');
      const loaded = () => Object.keys(createRequire(import.meta.url).cache).some((k) => k.includes('cron-parser'));
      compile([{ path: 'e.craft', text: readFileSync('examples/ecommerce.craft', 'utf8') }]);
      const before = loaded();
      compile([{ path: 't.craft', text: ${JSON.stringify(useCase('cron "0 2 * * *"'))} }]);
      console.log(JSON.stringify([before, loaded()]));
    `;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual([false, true]);
  });
});
