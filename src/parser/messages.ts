/** Parser error messages in the words a craft author uses, not chevrotain's token names. */
import type { IParserErrorMessageProvider, IToken, TokenType } from 'chevrotain';
import { EOF, tokenLabel } from './chevrotain.js';

export function describeToken(tok: IToken | undefined): string {
  if (!tok || tok.tokenType === EOF) return 'the end of the file';
  return `'${tok.image.length > 40 ? `${tok.image.slice(0, 37)}...` : tok.image}'`;
}

function label(type: TokenType): string {
  return tokenLabel(type);
}

export const errorMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual, previous }) {
    const after = previous && previous.tokenType !== EOF && previous.image ? ` after '${previous.image}'` : '';
    return `expected ${label(expected)}${after}, found ${describeToken(actual)}`;
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return `unexpected ${describeToken(firstRedundant)}`;
  },
  buildNoViableAltMessage({ actual, previous, customUserDescription }) {
    const after = previous && previous.tokenType !== EOF && previous.image ? ` after '${previous.image}'` : '';
    const expected = customUserDescription ? `: expected ${customUserDescription}` : '';
    return `unexpected ${describeToken(actual[0])}${after}${expected}`;
  },
  buildEarlyExitMessage({ actual, previous, customUserDescription }) {
    const after = previous && previous.tokenType !== EOF && previous.image ? ` after '${previous.image}'` : '';
    const expected = customUserDescription ? `: expected ${customUserDescription}` : '';
    return `unexpected ${describeToken(actual[0])}${after}${expected}`;
  },
};
