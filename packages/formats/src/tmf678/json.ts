/**
 * A single linear pass over JSON text before JSON.parse sees it:
 *  - nesting deeper than MAX_DEPTH is refused (no recursion anywhere, so 100,000 levels cannot
 *    overflow a stack),
 *  - duplicate keys and `__proto__` keys are refused (parsers disagree on which duplicate wins),
 *  - a number written as the `value` of a Money object is wrapped in quotes, so JSON.parse hands
 *    us the exact digits as written (`0.1` stays "0.1", `12.345678901234567890` keeps every digit)
 *    and money never passes through a binary float,
 *  - the 1-based line of each top-level array element and of each appliedCustomerBillingRate
 *    element is recorded, for source references.
 * Syntax errors are left to JSON.parse; quoting adds no newlines, so its positions map to lines.
 */
import { FormatError } from '../canonical.ts';

export const MAX_DEPTH = 64;

export interface ScannedJson {
  value: unknown;
  /** line of each element of a top-level array, in order */
  elementLines: number[];
  /** line of each element of every `appliedCustomerBillingRate` array, in document order */
  rateLines: number[];
}

interface Frame {
  obj: boolean;
  keys: Set<string> | null;
  expectKey: boolean;
  rates: boolean;
}

const NUMBER_CHAR = /[-+0-9.eE]/;

export function scanJson(text: string, fileName: string): ScannedJson {
  const stack: Frame[] = [];
  const parts: string[] = [];
  const elementLines: number[] = [];
  const rateLines: number[] = [];
  let last = 0;
  let line = 1;
  let lastKey: string | null = null;
  const fail = (code: string, message: string): never => {
    throw new FormatError(code, `${fileName}: line ${line}: ${message}`, line);
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    const top = stack[stack.length - 1];
    if (c === '\n') line++;
    else if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      if (top?.obj && top.expectKey) {
        const raw = text.slice(i + 1, j);
        let key = raw;
        if (raw.includes('\\')) {
          try {
            key = JSON.parse(`"${raw}"`) as string;
          } catch {
            // malformed escape: JSON.parse below reports it
          }
        }
        if (key === '__proto__') fail('json_forbidden_key', 'the key "__proto__" is not accepted');
        if (top.keys?.has(key)) fail('json_duplicate_key', `duplicate key "${key}"`);
        top.keys?.add(key);
        lastKey = key;
      }
      i = j;
    } else if (c === '{' || c === '[') {
      if (stack.length >= MAX_DEPTH) fail('json_too_deep', `nested deeper than ${MAX_DEPTH} levels`);
      if (c === '{' && stack.length === 1 && top && !top.obj) elementLines.push(line);
      if (c === '{' && top?.rates) rateLines.push(line);
      const rates = c === '[' && !!top?.obj && lastKey === 'appliedCustomerBillingRate';
      stack.push({ obj: c === '{', keys: c === '{' ? new Set() : null, expectKey: c === '{', rates });
      lastKey = null;
    } else if (c === '}' || c === ']') {
      stack.pop();
    } else if (c === ',') {
      if (top?.obj) top.expectKey = true;
    } else if (c === ':') {
      if (top?.obj) top.expectKey = false;
    } else if (c === '-' || (c >= '0' && c <= '9')) {
      let j = i + 1;
      while (j < text.length && NUMBER_CHAR.test(text[j] as string)) j++;
      if (top?.obj && !top.expectKey && lastKey === 'value') {
        parts.push(text.slice(last, i), `"${text.slice(i, j)}"`);
        last = j;
      }
      i = j - 1;
    }
  }
  parts.push(text.slice(last));
  const rewritten = parts.join('');
  let value: unknown;
  try {
    value = JSON.parse(rewritten);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const pos = /position (\d+)/.exec(message);
    const at = pos ? lineAt(rewritten, Number(pos[1])) : undefined;
    throw new FormatError(
      'json_malformed',
      `${fileName}: ${at ? `line ${at}: ` : ''}not valid JSON: ${message.slice(0, 200)}`,
      at,
    );
  }
  return { value, elementLines, rateLines };
}

function lineAt(text: string, pos: number): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < pos; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
