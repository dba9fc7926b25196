/**
 * The registry of diagnostic codes: every code craft emits, declared once, with the severity it is emitted
 * with, what triggers it, how to fix it and a minimal failing input. `DiagnosticCode` is derived from it,
 * so an emitter cannot use a code that is not declared here. Codes are a published API: never rename one
 * (add a new code instead). docs/diagnostics.md is generated from this file (`npm run docs:diagnostics`),
 * and test/diagnostics.test.ts runs every example. The file is long because it is one table, an entry per
 * code with its example: splitting it would only scatter the registry.
 */
import type { Severity } from './diagnostic.js';

/** The families, in the order the documentation lists them. `sim` has no codes yet. */
export const codeFamilies = ['syntax', 'sema', 'lint', 'sim', 'gen'] as const;
export type CodeFamily = (typeof codeFamilies)[number];

export interface CodeExample {
  /** craft source text that triggers the code (for `gen` codes: through `craft gen`). */
  source: string;
  /** The 1-based line the diagnostic points at. */
  line: number;
}

export interface CodeInfo {
  /** The severity the code is emitted with. */
  severity: Severity;
  /** Other severities some emitter uses for the same code (none today: list them here if that changes). */
  alsoEmittedAs?: readonly Severity[];
  /** One line: what the diagnostic means. */
  summary: string;
  /** What in the model makes craft report it. */
  trigger: string;
  /** How to make it go away. */
  fix: string;
  example: CodeExample;
}

/** A craft source block: the first line break and the common indentation are removed, one final line break kept. */
function craft(strings: TemplateStringsArray, ...values: unknown[]): string {
  const raw = String.raw({ raw: strings }, ...values).replace(/^\n/, '').replace(/\s+$/, '');
  const lines = raw.split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)![0].length));
  return lines.map((l) => l.slice(indent)).join('\n') + '\n';
}

const registry = {
  // ───────────────────────────── syntax: the parser ─────────────────────────────

  'craft/syntax/unexpected-token': {
    severity: 'error',
    summary: 'A token the grammar does not allow at this place.',
    trigger:
      'The parser meets a token it cannot place: a misspelt or missing keyword, a stray character, a block keyword ' +
      "not followed by its name and '{', a dangling ',', or the end of the file in the middle of a construct. " +
      'The rest of the line (or of the block) is skipped, so one mistake is reported once.',
    fix: 'Write the line as the grammar expects (grammar/craft.ebnf); the message says what was expected.',
    example: {
      line: 2,
      source: craft`
        actors {
          user Alice : admin
        }
      `,
    },
  },
  'craft/syntax/unclosed-block': {
    severity: 'error',
    summary: "A block is missing its closing '}'.",
    trigger:
      "A '{ ... }' block (actors, domain, services, events, use_case, tags, ...) reaches the end of the file, or " +
      'something that cannot be inside it, before its closing brace. A named block is reported at its name.',
    fix: "Add the missing '}'.",
    example: {
      line: 1,
      source: craft`
        domain Sales {
          Orders
      `,
    },
  },
  'craft/syntax/unterminated-string': {
    severity: 'error',
    summary: 'A string is not closed before the end of its line.',
    trigger: "A '\"' opens a string and the line ends first: strings cannot span lines.",
    fix: "Close the string with '\"' on the same line.",
    example: {
      line: 3,
      source: craft`
        use_case "Order" {
          when Customer orders
            Sales notifies "Order Placed
        }
      `,
    },
  },
  'craft/syntax/unterminated-comment': {
    severity: 'error',
    summary: 'A block comment is not closed.',
    trigger: "A '/*' has no matching '*/' before the end of the file: everything after it is a comment.",
    fix: "Close the comment with '*/', or use '//' line comments.",
    example: {
      line: 1,
      source: craft`
        /* never closed
        actors { user Alice }
      `,
    },
  },
  'craft/syntax/skipped-construct': {
    severity: 'error',
    summary: 'Text that belongs to no declaration was skipped.',
    trigger:
      "Something at top level that starts no declaration (for instance a 'when' outside a use_case), or the steps " +
      'of a scenario whose trigger could not be read: they are skipped up to the next top-level declaration.',
    fix: "Put scenarios inside a 'use_case \"...\" { }' block; for ignored steps, fix the trigger line reported before them.",
    example: {
      line: 1,
      source: craft`
        when Customer orders
          Sales confirms the order
      `,
    },
  },
  'craft/syntax/invalid-duration': {
    severity: 'error',
    summary: 'A duration craft cannot read.',
    trigger:
      "The period of 'when every \"...\"' or the delay of 'schedules ... in ...' is not a number followed by a unit " +
      "('ms', 's', 'm', 'h', 'd'), or a sum of such parts such as '1h30m'.",
    fix: "Write the duration as e.g. '500ms', '20s', '5m', '24h', '1d' or '1h30m'.",
    example: {
      line: 2,
      source: craft`
        use_case "Nightly check" {
          when every "soon"
            Sales checks the open orders
        }
      `,
    },
  },
  'craft/syntax/incomplete-line': {
    severity: 'error',
    summary: 'A use-case line stops before it is complete.',
    trigger:
      "A trigger or a step needs more on its line (a trigger after 'when', the callee after 'asks', ...) and the " +
      'line ends: a use-case line cannot continue on the next line.',
    fix: 'Write the whole step on one line.',
    example: {
      line: 3,
      source: craft`
        use_case "Order" {
          when Customer orders
            Sales asks
              Billing to charge the card
        }
      `,
    },
  },

  'craft/syntax/invalid-condition': {
    severity: 'error',
    summary: "An 'if' whose condition craft cannot read.",
    trigger:
      "The words between 'if' (or 'else if', or 'given' in a story) and '{' do not read '<fact> is <outcome>', " +
      "optionally with more outcomes joined by 'or'.",
    fix: "Write the condition as e.g. 'if payment type is card {' or 'if reservation is reserved or backordered {'.",
    example: {
      line: 4,
      source: craft`
        use_case "Order" {
          when Customer places order
            Sales decides payment type: card | cash
            if payment type card {
              Sales notifies "Card chosen"
            }
        }
      `,
    },
  },
  'craft/syntax/invalid-alternatives': {
    severity: 'error',
    summary: "A decision's or a reply's alternatives are incomplete.",
    trigger:
      "A 'decides' or 'returns' line holds '<fact>: <outcome> | <outcome>' with the fact or one of the outcomes " +
      "missing (e.g. a doubled or trailing '|').",
    fix: "Name the fact before ':' and write every outcome between the '|', e.g. 'reservation: reserved | out of stock'.",
    example: {
      line: 3,
      source: craft`
        use_case "Order" {
          when Customer places order
            Sales decides payment type: card | | cash
        }
      `,
    },
  },
  'craft/syntax/invalid-story-line': {
    severity: 'error',
    summary: "A line of a 'story' or 'properties' block craft cannot read.",
    trigger:
      "A story line is not one of 'given <fact> is <outcome>', 'at <time> run <use case>', 'expect [no] <event> " +
      "[within <time>]', 'expect the flow ends with <event>', 'known to fail \"<why>\"'; or a property is not " +
      "'never <event> after <event>' or 'always <event> leads to <event> [or <event>...]'.",
    fix: 'Write the line in one of those forms (grammar/craft.ebnf, "Stories and properties"); the message names the form expected.',
    example: {
      line: 3,
      source: craft`
        story "late cancel" {
          at 0s run place-order
          expect soon "Order Accepted"
        }
      `,
    },
  },

  // ───────────────────────────── sema: the compiler's checks ─────────────────────────────

  'craft/sema/duplicate-name': {
    severity: 'error',
    summary: 'A name is declared twice in the same namespace.',
    trigger:
      'Two actors, two domains, two services of one services block or two events (or records) with the same name, ' +
      'or a field declared twice in one event. The later declaration is the one reported.',
    fix: 'Remove the duplicate, or rename one of them.',
    example: {
      line: 2,
      source: craft`
        actor user Alice
        actor user Alice
      `,
    },
  },
  'craft/sema/cross-kind-name-reuse': {
    severity: 'warning',
    summary: 'One name is used for things of different kinds.',
    trigger: 'An actor, a domain and a service (any two of them) share a name, so a step that names it is ambiguous to a reader.',
    fix: 'Rename one of them.',
    example: {
      line: 2,
      source: craft`
        actor user Customer
        domain Customer {
          Profile
        }
      `,
    },
  },
  'craft/sema/duplicate-use-case-name': {
    severity: 'error',
    summary: 'Two use cases have the same title.',
    trigger: 'A use_case repeats the title of an earlier one; the later definition is ignored (the diagnostic covers its scenarios).',
    fix: 'Give each use case its own title, or merge the two.',
    example: {
      line: 6,
      source: craft`
        use_case "Order" {
          when Customer orders
            Sales records the order
        }
        use_case "Order" {
          when Clerk orders
            Sales records the order
        }
      `,
    },
  },
  'craft/sema/duplicate-use-case-slug': {
    severity: 'warning',
    summary: 'Two use-case titles give the same slug.',
    trigger:
      "Two titles differ only in case or punctuation ('Place Order' and 'place-order'): the slug that names a use " +
      "case on the command line (craft simulate) is the same; the later one gets a suffix ('-2').",
    fix: 'Make the titles differ in letters or digits.',
    example: {
      line: 5,
      source: craft`
        use_case "Place Order" {
          when Customer orders
            Sales records the order
        }
        use_case "place order" {
          when Clerk orders
            Sales records the order
        }
      `,
    },
  },
  'craft/sema/duplicate-service-anchor': {
    severity: 'error',
    summary: "A service has more than one 'catalog_ref'.",
    trigger: "A service sets 'catalog_ref:' (or its v1 spelling 'opslevel:') twice: a service has one catalog entry.",
    fix: "Keep one 'catalog_ref:'.",
    example: {
      line: 4,
      source: craft`
        services {
          Shop {
            catalog_ref: shop
            catalog_ref: shop-api
          }
        }
      `,
    },
  },
  'craft/sema/duplicate-property': {
    severity: 'warning',
    summary: 'A service property is set twice.',
    trigger: 'A service sets a single-valued property (language, deployment, repo) twice; the first value is kept and the later one ignored.',
    fix: 'Remove one of the two lines.',
    example: {
      line: 4,
      source: craft`
        services {
          Shop {
            language: go
            language: java
          }
        }
      `,
    },
  },
  'craft/sema/too-many-values': {
    severity: 'warning',
    summary: 'A single-valued property is given several values.',
    trigger: "A property that takes one value (such as 'language:') lists several; only the first one is used.",
    fix: 'Keep one value.',
    example: {
      line: 3,
      source: craft`
        services {
          Shop {
            language: go, java
          }
        }
      `,
    },
  },
  'craft/sema/unknown-property': {
    severity: 'warning',
    summary: 'A property craft does not know.',
    trigger: 'A service property, an exposure property or an arch section that is not part of the language (a typo, usually); it is ignored.',
    fix: 'Use one of the properties the message lists.',
    example: {
      line: 3,
      source: craft`
        services {
          Shop {
            colour: blue
          }
        }
      `,
    },
  },
  'craft/sema/duplicate-tag': {
    severity: 'warning',
    summary: 'A use-case tag is set twice.',
    trigger: "A use case's tags block sets the same key twice; the last value wins.",
    fix: 'Remove one of the two lines, or list both values on one line.',
    example: {
      line: 4,
      source: craft`
        use_case "Order" {
          tags {
            journey: checkout
            journey: payment
          }
          when Customer orders
            Sales records the order
        }
      `,
    },
  },
  'craft/sema/malformed-slug': {
    severity: 'error',
    summary: 'A participant name that is not a name.',
    trigger: "A step names a participant with a ':' in it; a participant is a name or 'domain/Context'.",
    fix: "Write a plain name or 'domain/Context' (quote names that contain other characters).",
    example: {
      line: 3,
      source: craft`
        use_case "Order" {
          when Customer orders
            Sales asks billing:eu/Charging to charge the card
        }
      `,
    },
  },
  'craft/sema/invalid-exposure-target': {
    severity: 'error',
    summary: 'An exposure names the wrong kind of thing.',
    trigger: "An exposure's 'to:' lists a domain, bounded context or service (it takes actors), or its 'contexts:' lists an actor.",
    fix: "List actors in 'to:' and domains or bounded contexts in 'contexts:'.",
    example: {
      line: 4,
      source: craft`
        domain Payments {
          Charging
        }
        exposure api {
          to: Payments
        }
      `,
    },
  },
  'craft/sema/edge-endpoint-not-bc': {
    severity: 'error',
    summary: 'A context_map relationship names something that is not a bounded context.',
    trigger: 'An end of a context_map relationship is a domain, a service or an actor.',
    fix: "Name a bounded context ('Context' or 'domain/Context').",
    example: {
      line: 5,
      source: craft`
        domain Billing {
          Invoicing
        }
        context_map Billing {
          Invoicing customer_supplier Billing
        }
      `,
    },
  },
  'craft/sema/self-relationship': {
    severity: 'error',
    summary: 'A context_map relationship relates a bounded context to itself.',
    trigger: 'Both ends of a context_map relationship are the same bounded context.',
    fix: 'Name two different bounded contexts, or remove the line.',
    example: {
      line: 5,
      source: craft`
        domain Billing {
          Invoicing
        }
        context_map Billing {
          Invoicing partnership Invoicing
        }
      `,
    },
  },
  'craft/sema/glossary-endpoint-not-bc': {
    severity: 'error',
    summary: 'A glossary term is not qualified by a bounded context.',
    trigger: "An end of a glossary relation has no context part ('Invoice' instead of 'Invoicing/Invoice'), or its context is a domain, a service or an actor.",
    fix: "Write terms as '<context>/<term>'.",
    example: {
      line: 5,
      source: craft`
        domain Billing {
          Invoicing
        }
        glossary Billing {
          Invoicing/Invoice same_as Billing/Invoice
        }
      `,
    },
  },
  'craft/sema/glossary-self-relation': {
    severity: 'error',
    summary: 'A glossary relation relates a term to itself.',
    trigger: 'Both ends of a glossary relation are the same term of the same bounded context.',
    fix: 'Name two different terms, or remove the line.',
    example: {
      line: 5,
      source: craft`
        domain Billing {
          Invoicing
        }
        glossary Billing {
          Invoicing/Invoice same_as Invoicing/Invoice
        }
      `,
    },
  },
  'craft/sema/unresolved-bc': {
    severity: 'warning',
    summary: 'A context_map or glossary names an undeclared bounded context.',
    trigger: 'A relationship end names no bounded context of the model (or of the given domain), while the model declares domains.',
    fix: "Fix the spelling, or declare the context in its domain's block.",
    example: {
      line: 5,
      source: craft`
        domain Billing {
          Invoicing
        }
        context_map Billing {
          Invoicing partnership Shipping
        }
      `,
    },
  },
  'craft/sema/ambiguous-bc': {
    severity: 'error',
    summary: 'A bounded-context name belongs to several domains.',
    trigger: 'An unqualified context name (in a step, a context_map or a glossary) is a bounded context of more than one domain.',
    fix: "Qualify it as 'domain/Context'.",
    example: {
      line: 8,
      source: craft`
        domain Retail {
          Billing
        }
        domain Wholesale {
          Billing
        }
        context_map {
          Billing partnership Retail/Billing
        }
      `,
    },
  },
  'craft/sema/unknown-relationship': {
    severity: 'error',
    summary: 'A context_map or glossary relationship that does not exist.',
    trigger: 'The verb between the two ends is not one of the block\'s relationships (the message lists them).',
    fix: "Use one of the listed verbs, such as 'customer_supplier' or 'partnership' in a context_map, 'same_as' in a glossary.",
    example: {
      line: 2,
      source: craft`
        context_map {
          Billing likes Shipping
        }
      `,
    },
  },
  'craft/sema/unknown-field-type': {
    severity: 'error',
    summary: 'An event field has a type craft does not know.',
    trigger: "A field's type is not a primitive (string, integer, number, boolean, uuid, datetime, money), a record declared in events, or a list 'T[]' of one.",
    fix: 'Use a primitive, or declare the record in the events block.',
    example: {
      line: 2,
      source: craft`
        events {
          "Order Placed" { id: uuid, total: euros }
        }
      `,
    },
  },
  'craft/sema/invalid-cron': {
    severity: 'error',
    summary: 'A cron trigger that is not a cron expression craft can run.',
    trigger:
      "The string of 'when cron \"...\"' is not five fields (minute hour day-of-month month day-of-week), or a field " +
      'is out of range, has a step of 0, or names no month or day; also an expression that never fires (February 30).',
    fix: "Write five fields, e.g. '0 2 * * *' (02:00 every day) or '*/15 8-18 * * MON-FRI'.",
    example: {
      line: 2,
      source: craft`
        use_case "Nightly check" {
          when cron "99 2 * * *"
            Sales checks the open orders
        }
      `,
    },
  },
  'craft/sema/invalid-period': {
    severity: 'error',
    summary: "A periodic trigger's period is zero.",
    trigger: "'when every \"...\"' is given a duration of zero ('0s'): the trigger would fire without end.",
    fix: "Give a period greater than zero, e.g. 'when every \"24h\"'.",
    example: {
      line: 2,
      source: craft`
        use_case "Heartbeat" {
          when every "0s"
            Monitor pings the shop
        }
      `,
    },
  },
  'craft/sema/unscheduled-timer': {
    severity: 'warning',
    summary: 'A timer is cancelled but never scheduled.',
    trigger: "A step 'cancels' an event that no scenario 'schedules' and no events block declares.",
    fix: "Schedule it ('X schedules Name in 20s'), or fix the spelling of its name.",
    example: {
      line: 3,
      source: craft`
        use_case "Cancel Order" {
          when Customer cancels
            Sales cancels "Remorse Over"
        }
      `,
    },
  },

  'craft/sema/unknown-fact': {
    severity: 'error',
    summary: 'A condition or a story tests a fact no step decides.',
    trigger: "An 'if', 'else if' or 'given' names a fact that no 'X decides <fact>: ...' and no 'X returns to Y <fact>: ...' decides anywhere in the workspace.",
    fix: "Decide the fact in some step (e.g. 'Sales decides payment type: card | cash'), or fix the spelling.",
    example: {
      line: 4,
      source: craft`
        use_case "Order" {
          when Customer places order
            Sales decides payment type: card | cash
            if paymnet type is card {
              Sales notifies "Card chosen"
            }
        }
      `,
    },
  },
  'craft/sema/unknown-outcome': {
    severity: 'error',
    summary: 'A condition names an outcome the fact does not have.',
    trigger: "An 'if', 'else if' or 'given' tests a fact against a value that is not among the outcomes it is decided with.",
    fix: 'Use one of the outcomes listed in the message, or add the outcome to the decision.',
    example: {
      line: 4,
      source: craft`
        use_case "Order" {
          when Customer places order
            Sales decides payment type: card | cash
            if payment type is cheque {
              Sales notifies "Cheque chosen"
            }
        }
      `,
    },
  },
  'craft/sema/duplicate-outcome': {
    severity: 'error',
    summary: "An outcome is listed twice among a fact's outcomes.",
    trigger: "A decision or a reply lists the same outcome twice between its '|'.",
    fix: 'List each outcome once.',
    example: {
      line: 3,
      source: craft`
        use_case "Order" {
          when Customer places order
            Sales decides payment type: card | cash | card
        }
      `,
    },
  },
  'craft/sema/conflicting-outcomes': {
    severity: 'error',
    summary: 'A fact is decided in two places with different outcomes.',
    trigger: 'Two decisions or replies decide the same fact but list different outcomes; a fact has one set of outcomes in the whole model.',
    fix: 'List the same outcomes wherever the fact is decided, or give the facts different names.',
    example: {
      line: 6,
      source: craft`
        use_case "Order" {
          when Customer places order
            Sales decides payment type: card | cash
          when Customer pays later
            Billing notifies "Reminder sent"
            Billing decides payment type: card | invoice
        }
      `,
    },
  },
  'craft/sema/fact-decided-twice': {
    severity: 'error',
    summary: 'A fact is decided a second time on one path.',
    trigger: 'A scenario decides a fact that an earlier step on the same path already decided (or a story gives it twice): a fact of a flow never changes once decided.',
    fix: "Decide the fact once, and test it with 'if' where it matters.",
    example: {
      line: 4,
      source: craft`
        use_case "Order" {
          when Customer places order
            Sales decides payment type: card | cash
            Sales decides payment type: card | cash
        }
      `,
    },
  },
  'craft/sema/misplaced-else': {
    severity: 'error',
    summary: "An 'else' without a condition is not the last arm.",
    trigger: "An 'if' block has an 'else { ... }' followed by more arms; nothing after a plain 'else' could ever run.",
    fix: "Move the plain 'else' to the end, or give it a condition ('else if ...').",
    example: {
      line: 5,
      source: craft`
        use_case "Order" {
          when Customer places order
            Sales decides payment type: card | cash
            if payment type is card {
            } else {
            } else if payment type is cash {
            }
        }
      `,
    },
  },
  'craft/sema/misplaced-on-timeout': {
    severity: 'error',
    summary: "An 'on timeout' block follows no 'asks'.",
    trigger: "'on timeout { ... }' must come right after the 'asks' line whose timeout it handles; here the statement before it is something else.",
    fix: "Move the block right after the 'asks' line.",
    example: {
      line: 4,
      source: craft`
        use_case "Order" {
          when Customer places order
            Sales notifies "Order Placed"
            on timeout {
              Sales notifies "Order Failed"
            }
        }
      `,
    },
  },
  'craft/sema/on-timeout-without-timeout': {
    severity: 'error',
    summary: "An 'on timeout' block handles a call that has no timeout.",
    trigger: "The 'asks' before 'on timeout' declares no '[timeout ...]', so it never times out and the block could never run.",
    fix: "Add a timeout to the call, e.g. 'Sales asks Billing to charge [timeout 30s]'.",
    example: {
      line: 4,
      source: craft`
        use_case "Order" {
          when Customer places order
            Sales asks Billing to charge the card
            on timeout {
              Sales notifies "Payment Expired"
            }
        }
      `,
    },
  },
  'craft/sema/invalid-option': {
    severity: 'error',
    summary: 'An annotation holds an option craft cannot read.',
    trigger: "An annotation that starts with an option word ('timeout', 'retry', 'outbox', 'at-least-once', 'at-most-once', 'redeliver', 'idempotent') has an item that is not a valid option, an option twice, both delivery guarantees, or a step has two operation annotations.",
    fix: "Write the options as the message says, e.g. '[timeout 30s, retry 2 every 5s]' or '[outbox, at-least-once]'.",
    example: {
      line: 3,
      source: craft`
        use_case "Order" {
          when Customer places order
            Sales asks Billing to charge the card [timeout soon]
        }
      `,
    },
  },
  'craft/sema/misplaced-option': {
    severity: 'error',
    summary: 'An option stands where it has no meaning.',
    trigger: "A timeout or retry on something other than an 'asks' or a 'listens', a delivery guarantee or outbox on something other than a 'notifies', 'idempotent' on something other than a 'listens'.",
    fix: 'Move the option to the step it belongs to: timeouts on asks, delivery on notifies, idempotent and retry on listens.',
    example: {
      line: 3,
      source: craft`
        use_case "Order" {
          when Customer places order
            Sales notifies "Order Placed" [timeout 30s]
        }
      `,
    },
  },
  'craft/sema/conflicting-delivery': {
    severity: 'error',
    summary: 'An event is declared with two delivery guarantees.',
    trigger: "Two 'notifies' of the same event declare different guarantees ('at-least-once' in one, 'at-most-once' or another redelivery delay in the other); the broker delivers an event one way.",
    fix: 'Declare the same guarantee wherever the event is published (or only once).',
    example: {
      line: 5,
      source: craft`
        use_case "Order" {
          when Customer places order
            Sales notifies "Order Placed" [at-least-once]
          when Customer reorders
            Sales notifies "Order Placed" [at-most-once]
        }
      `,
    },
  },
  'craft/sema/unknown-use-case': {
    severity: 'error',
    summary: 'A story runs a use case that does not exist.',
    trigger: "'at <time> run <use case>' names no use case of the workspace, by slug or by name.",
    fix: "Use a use case's slug ('order-placement') or its name, as 'craft inspect' lists them.",
    example: {
      line: 6,
      source: craft`
        use_case "Order Placement" {
          when Customer places order
            Sales notifies "Order Placed"
        }
        story "late cancel" {
          at 0s run order-placment
        }
      `,
    },
  },
  'craft/sema/invalid-time-range': {
    severity: 'error',
    summary: "A story's time range ends before it starts.",
    trigger: "'at A..B run X' has B earlier than A.",
    fix: "Write the earlier time first, e.g. 'at 15s..25s run cancel-order'.",
    example: {
      line: 6,
      source: craft`
        use_case "Order Placement" {
          when Customer places order
            Sales notifies "Order Placed"
        }
        story "late" {
          at 25s..15s run order-placement
        }
      `,
    },
  },
  'craft/sema/unknown-event': {
    severity: 'error',
    summary: 'A story or a property names an event no step publishes or listens to.',
    trigger: "An 'expect' line of a story, or a 'never'/'always' property, names an event that appears nowhere in the use cases.",
    fix: "Use the event's name as the use cases write it (quoted if it has spaces), or fix the spelling.",
    example: {
      line: 7,
      source: craft`
        use_case "Order Placement" {
          when Customer places order
            Sales notifies "Order Placed"
        }
        story "placing" {
          at 0s run order-placement
          expect "Order Plcaed"
        }
      `,
    },
  },
  'craft/sema/impossible-expectation': {
    severity: 'error',
    summary: 'A story expects an event that is never published.',
    trigger: "An 'expect <event>' or 'expect the flow ends with <event>' names an event that only ever is listened to: no step publishes it and no timer schedules it, on any path, so the expectation can never hold.",
    fix: 'Publish the event in some scenario, expect another event, or, if the story documents a flaw, say \'known to fail "why"\' before the expectation.',
    example: {
      line: 9,
      source: craft`
        use_case "Order Placement" {
          when Customer places order
            Sales notifies "Order Placed"
          when Shipping listens "Order Shipped"
            Shipping notifies "Parcel Sent"
        }
        story "placing" {
          at 0s run order-placement
          expect "Order Shipped"
        }
      `,
    },
  },
  'craft/sema/story-without-run': {
    severity: 'error',
    summary: 'A story runs nothing.',
    trigger: "A story has no 'at <time> run <use case>' line, so there is nothing to check its expectations against.",
    fix: "Add 'at 0s run <use case>'.",
    example: {
      line: 5,
      source: craft`
        use_case "Order Placement" {
          when Customer places order
            Sales notifies "Order Placed"
        }
        story "nothing" {
          expect "Order Placed"
        }
      `,
    },
  },

  // ───────────────────────────── lint: likely mistakes ─────────────────────────────

  'craft/lint/unreachable-branch': {
    severity: 'warning',
    summary: "A branch of an 'if' can never run.",
    trigger: "The outcomes the arm's condition allows are all taken by earlier arms, or ruled out by an enclosing 'if' on the same fact (e.g. an 'else' after arms that cover every outcome).",
    fix: 'Remove the branch, or test another outcome.',
    example: {
      line: 8,
      source: craft`
        use_case "Order" {
          when Customer places order
            Sales decides payment type: card | cash
            if payment type is card {
              Sales notifies "Card chosen"
            } else if payment type is cash {
              Sales notifies "Cash chosen"
            } else {
              Sales notifies "Nothing chosen"
            }
        }
      `,
    },
  },

  'craft/lint/duplicate-bounded-context': {
    severity: 'warning',
    summary: 'A domain lists the same bounded context twice.',
    trigger: "A name appears twice in a domain's block.",
    fix: 'Remove the second one.',
    example: {
      line: 3,
      source: craft`
        domain Sales {
          Orders
          Orders
        }
      `,
    },
  },
  'craft/lint/deprecated-keyword': {
    severity: 'hint',
    summary: 'A v1 spelling of a keyword.',
    trigger: "The model uses a v1 keyword that has a current spelling: 'domains:' and 'of:' (now 'contexts:'), 'opslevel:' (now 'catalog_ref:'). It still works.",
    fix: "Write the current spelling (the hint gives it). 'craft check' shows hints with --verbose.",
    example: {
      line: 3,
      source: craft`
        services {
          Shop {
            domains: Sales
          }
        }
      `,
    },
  },
  'craft/lint/undeclared-context': {
    severity: 'warning',
    summary: 'A step names something the model does not declare.',
    trigger:
      "A step's participant is no actor, bounded context, service, domain or data store, while the model declares " +
      "domains (so it is probably a typo), or a 'domain/Context' names a context the domain does not list.",
    fix: 'Fix the spelling, or declare the context in its domain.',
    example: {
      line: 6,
      source: craft`
        domain Retail {
          Sales
        }
        use_case "Order" {
          when Customer orders
            Salse records the order
        }
      `,
    },
  },
  'craft/lint/dead-event': {
    severity: 'warning',
    summary: 'An event is published but nothing listens to it.',
    trigger: "A step 'notifies' an event that no scenario listens to ('when X listens \"E\"' or 'when \"E\"').",
    fix: 'Add the scenario that reacts to it, or remove the publication; a model of part of a system may keep it as it is.',
    example: {
      line: 3,
      source: craft`
        use_case "Order" {
          when Customer orders
            Sales notifies "Order Placed"
        }
      `,
    },
  },
  'craft/lint/unhandled-outcome': {
    severity: 'warning',
    summary: "An outcome of 'notifies A or B' is never listened to.",
    trigger: 'One of the alternatives of a step with several outcomes has no listener: when the flow takes it, it ends there.',
    fix: 'Add a scenario that listens to that outcome.',
    example: {
      line: 3,
      source: craft`
        use_case "Payment" {
          when Customer pays
            Billing notifies "Payment Taken" or "Payment Failed"
          when Sales listens "Payment Taken"
            Sales ships the order
        }
      `,
    },
  },
  'craft/lint/unpublished-event': {
    severity: 'warning',
    summary: 'An event is listened to but never published.',
    trigger: 'A scenario listens to an event that no step publishes or schedules: it can never run.',
    fix: 'Add the step that publishes it, or fix the spelling of its name.',
    example: {
      line: 2,
      source: craft`
        use_case "Shipping" {
          when Shipping listens "Order Paid"
            Shipping ships the order
        }
      `,
    },
  },
  'craft/lint/unused-event': {
    severity: 'warning',
    summary: 'A declared event is never used.',
    trigger: 'An events block declares an event that no scenario publishes, listens to or schedules.',
    fix: 'Remove the declaration, or use the event.',
    example: {
      line: 1,
      source: craft`
        event "Order Archived" { orderId: uuid }
      `,
    },
  },
  'craft/lint/unused-actor': {
    severity: 'warning',
    summary: 'A declared actor takes part in nothing.',
    trigger: 'An actor triggers no use case and no exposure lists it.',
    fix: 'Remove the actor, or add the use case it takes part in.',
    example: {
      line: 1,
      source: craft`
        actor user Auditor
      `,
    },
  },
  'craft/lint/ask-cycle': {
    severity: 'warning',
    summary: "Synchronous 'asks' form a cycle.",
    trigger: "Participants ask each other in a circle (A asks B, B asks A): a request can end up waiting on itself.",
    fix: "Break the cycle, e.g. with an event ('notifies') instead of one of the requests.",
    example: {
      line: 3,
      source: craft`
        use_case "Pricing" {
          when Customer asks for a price
            Sales asks Catalog to price the cart
            Catalog asks Sales to read the cart
        }
      `,
    },
  },
  'craft/lint/redundant-relationship': {
    severity: 'warning',
    summary: 'A context_map relationship is stated twice.',
    trigger: 'The same relationship between the same two bounded contexts appears again (for symmetric ones, in either order).',
    fix: 'Remove the repetition.',
    example: {
      line: 3,
      source: craft`
        context_map {
          Billing partnership Shipping
          Shipping partnership Billing
        }
      `,
    },
  },
  'craft/lint/glossary-redundant': {
    severity: 'warning',
    summary: 'A glossary relation is stated twice.',
    trigger: 'The same relation between the same two terms appears again (in either order).',
    fix: 'Remove the repetition.',
    example: {
      line: 3,
      source: craft`
        glossary {
          Billing/Invoice same_as Shipping/Invoice
          Shipping/Invoice same_as Billing/Invoice
        }
      `,
    },
  },
  'craft/lint/glossary-conflicting-relation': {
    severity: 'warning',
    summary: 'Two glossary relations contradict each other.',
    trigger: "Two terms are said to be 'same_as' each other and also to differ ('contrasts' or 'distinct_from').",
    fix: 'Keep the one that is true.',
    example: {
      line: 3,
      source: craft`
        glossary {
          Billing/Invoice same_as Shipping/Invoice
          Billing/Invoice distinct_from Shipping/Invoice
        }
      `,
    },
  },

  // ───────────────────────────── gen: craft gen's findings ─────────────────────────────

  'craft/gen/name-collision': {
    severity: 'warning',
    summary: 'Two model names give the same generated name.',
    trigger:
      'Two names of the model map to one identifier or file name of the generated project (they differ only in ' +
      'case or punctuation), or to a name the generated code uses itself; the later one gets a suffix.',
    fix: 'Rename one of them if the suffixed name is not what you want.',
    example: {
      line: 3,
      source: craft`
        events {
          "Order Placed" { orderId: uuid }
          "order placed" { orderId: uuid }
        }
      `,
    },
  },
  'craft/gen/route-collision': {
    severity: 'warning',
    summary: 'Two requests carry the same route.',
    trigger: "Two different requests ('asks') or triggers have the same annotation, such as '[POST /v1/charges]'; the later one gets a suffixed route.",
    fix: 'Give each request its own annotation.',
    example: {
      line: 5,
      source: craft`
        use_case "Order" {
          when Customer orders
            Sales asks Billing to charge the card [POST /v1/charges]
            Billing returns the charge
            Sales asks Billing to refund the card [POST /v1/charges]
            Billing returns the refund
        }
      `,
    },
  },
  'craft/gen/conflicting-annotation': {
    severity: 'warning',
    summary: 'An event is published on two different channels.',
    trigger: "Two steps publish the same event with different channel annotations ('[orders]', '[sales]'); the generated project uses the first.",
    fix: 'Annotate every publication of the event with the same channel.',
    example: {
      line: 5,
      source: craft`
        use_case "Order" {
          when Customer orders
            Sales notifies "Order Placed" [orders]
          when Clerk orders
            Sales notifies "Order Placed" [sales]
          when Billing listens "Order Placed"
            Billing charges the card
        }
      `,
    },
  },
  'craft/gen/events-differ': {
    severity: 'warning',
    summary: "The generated handlers cannot reproduce a use case's predicted events.",
    trigger:
      'The default handlers publish other events than the simulator predicts for a use case (an event loop, or a ' +
      'flow the simulator predicts not to complete); the generated test of that use case is skipped, with the reason.',
    fix: 'Break the loop or complete the flow in the model, or write the handlers so that the test can be enabled.',
    example: {
      line: 1,
      source: craft`
        use_case "Ping Pong" {
          when Player serves
            Left notifies Ping
          when Right listens Ping
            Right notifies Pong
          when Left listens Pong
            Left notifies Ping
        }
      `,
    },
  },
  'craft/gen/story-differs': {
    severity: 'warning',
    summary: "The generated handlers do not do what a story expects.",
    trigger:
      'Replayed with the handlers as generated (each decision takes its first outcome unless the story gives the ' +
      'fact), a story misses one of its expectations (or a story known to fail meets them all); its generated test ' +
      'is skipped, with the expectation missed.',
    fix: "Give the story the facts it depends on ('given payment type is card'), or write the handlers so that the test can be enabled.",
    example: {
      line: 8,
      source: craft`
        use_case "Order" {
          when Customer orders
            Sales decides payment type: card | cash
            if payment type is cash {
              Sales notifies "Cash Taken"
            }
        }
        story "cash" {
          at 0s run order
          expect "Cash Taken"
        }
      `,
    },
  },
  'craft/gen/event-order': {
    severity: 'info',
    summary: "The generated handlers reproduce a use case's events in another order.",
    trigger:
      'The in-memory transport runs concurrent branches one after another, so the events come in another order ' +
      "than the simulator's; the generated test compares them in any order.",
    fix: 'Nothing to fix: the test still checks every event.',
    example: {
      line: 1,
      source: craft`
        use_case "Order" {
          when Customer orders
            Sales notifies "Order Placed"
          when Billing listens "Order Placed"
            Billing checks the card
            Billing notifies "Card Charged"
          when Stock listens "Order Placed"
            Stock notifies "Stock Reserved"
        }
      `,
    },
  },
  'craft/gen/request-variants': {
    severity: 'info',
    summary: 'The same request does different things in different scenarios.',
    trigger: "An 'asks' with the same words is served differently in two scenarios; it becomes separate requests ('... 2').",
    fix: 'Nothing to fix; give the requests different words if they are different requests.',
    example: {
      line: 6,
      source: craft`
        use_case "Order" {
          when Customer orders
            Sales asks Billing to charge the card
            Billing returns the charge
          when Clerk orders
            Sales asks Billing to charge the card
            Billing notifies "Card Charged"
            Billing returns the charge
          when Sales listens "Card Charged"
            Sales ships the order
        }
      `,
    },
  },
  'craft/gen/hand-over': {
    severity: 'info',
    summary: 'A step of another service runs in the starting handler.',
    trigger:
      "A scenario's top-level line is done by another service than the one where the scenario starts, with no " +
      'message between them; the generated handler of the starting service does that step.',
    fix: "Nothing to fix; put a message ('notifies' or 'asks') between the two services if each should do its own part.",
    example: {
      line: 8,
      source: craft`
        services {
          Shop {}
          Bank {}
        }
        use_case "Order" {
          when Customer orders
            Shop records the order
            Bank notifies "Card Charged"
        }
      `,
    },
  },
} as const satisfies Record<`craft/${CodeFamily}/${string}`, CodeInfo>;

/** Every code craft can emit: a diagnostic's `code` is one of these. */
export type DiagnosticCode = keyof typeof registry;

export const diagnosticCodes: Readonly<Record<DiagnosticCode, CodeInfo>> = registry;

export function isDiagnosticCode(code: string): code is DiagnosticCode {
  return Object.hasOwn(registry, code);
}

export function familyOf(code: DiagnosticCode): CodeFamily {
  return codeFamilies.find((f) => code.startsWith(`craft/${f}/`))!;
}

/** The registered codes in sorted order. */
export function allCodes(): DiagnosticCode[] {
  return Object.keys(registry).filter(isDiagnosticCode).sort();
}
