// Input that PostgreSQL or Temporal cannot take (a NUL byte, a raw control character, JSON nested thousands
// of levels) is refused at the edge with a 400 naming the field, before it reaches either of them.
import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { AppException } from './errors';

/** C0 controls except tab, line feed and carriage return (which multi-line comments need). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;

export interface ControlCharacterHit {
  /** `comment`, `data.items.2.name`, or `''` for a bare value. */
  path: string;
  /** `U+0000` */
  codePoint: string;
}

function codePointOf(s: string): string | null {
  const m = CONTROL_CHARACTER.exec(s);
  return m ? `U+${m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}` : null;
}

function join(prefix: string, key: string): string {
  return prefix ? `${prefix}.${key}` : key;
}

/**
 * The first string (or object key) holding a forbidden control character, walking iteratively so a deeply
 * nested value cannot overflow the stack.
 */
export function findControlCharacter(value: unknown, path = ''): ControlCharacterHit | null {
  const stack: { value: unknown; path: string }[] = [{ value, path }];
  while (stack.length > 0) {
    const { value: v, path: p } = stack.pop()!;
    if (typeof v === 'string') {
      const cp = codePointOf(v);
      if (cp) return { path: p, codePoint: cp };
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], path: join(p, String(i)) });
    } else if (v !== null && typeof v === 'object') {
      const entries = Object.entries(v as Record<string, unknown>);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i];
        const keyCp = codePointOf(key);
        if (keyCp) return { path: join(p, JSON.stringify(key).slice(1, -1)), codePoint: keyCp };
        stack.push({ value: child, path: join(p, key) });
      }
    }
  }
  return null;
}

export function controlCharacterMessage(field: string, codePoint: string): string {
  return `${field || 'value'} must not contain control characters (${codePoint})`;
}

/** 400 naming the field when any string in `value` holds a forbidden control character. */
export function assertNoControlCharacters(value: unknown, path = ''): void {
  const hit = findControlCharacter(value, path);
  if (hit) throw AppException.validation(controlCharacterMessage(hit.path, hit.codePoint));
}

/**
 * Global pipe, placed before the ValidationPipe: every body, query and path parameter a handler receives.
 * Bodies name fields as the DTO does (`comment`); a path parameter by its name (`id`); a query by its key.
 */
@Injectable()
export class RejectControlCharactersPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'body' || metadata.type === 'query' || metadata.type === 'param') {
      assertNoControlCharacters(value, metadata.data ?? '');
    }
    return value;
  }
}

/**
 * True when JSON text nests arrays/objects deeper than `maxDepth`. A byte scan (no parse, no recursion), so
 * it is safe on hostile input of any depth.
 */
export function jsonNestsDeeperThan(text: Buffer | string, maxDepth: number): boolean {
  const buf = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i];
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped byte
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > maxDepth) return true;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return false;
}

export function tooDeepMessage(what: string, maxDepth: number): string {
  return `${what} nests deeper than ${maxDepth} levels`;
}

/** An error body-parser passes on as is (status 400, our message): see AllExceptionsFilter. */
export class RequestBodyRejected extends Error {
  readonly status = 400;
  readonly expose = true;
}

/** body-parser `verify` hook: runs on the raw bytes before JSON.parse. */
export function jsonDepthVerifier(maxDepth: number): (req: IncomingMessage, res: unknown, buf: Buffer) => void {
  return (_req, _res, buf) => {
    if (jsonNestsDeeperThan(buf, maxDepth)) throw new RequestBodyRejected(tooDeepMessage('request body', maxDepth));
  };
}
