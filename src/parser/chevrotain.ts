/**
 * chevrotain at run time, from its own single-file bundle (lib/chevrotain.min.mjs, same version, same
 * code): it loads in ~15 ms where the package entry point (hundreds of lodash-es modules) takes ~400 ms,
 * and `craft check` must start fast. Types still come from the package.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Chevrotain from 'chevrotain';

// The package's "require" entry is lib/src/api.js; the bundle sits beside lib/src.
const entry = createRequire(import.meta.url).resolve('chevrotain');
const bundle = (await import(pathToFileURL(join(dirname(entry), '..', 'chevrotain.min.mjs')).href)) as typeof Chevrotain;

export const {
  createToken, Lexer, EmbeddedActionsParser, EOF, tokenMatcher, tokenLabel, isRecognitionException, NoViableAltException, EarlyExitException,
} = bundle;
