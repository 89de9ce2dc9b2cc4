import { AppException } from './errors';
import { findControlCharacter, jsonDepthVerifier, jsonNestsDeeperThan, RejectControlCharactersPipe, RequestBodyRejected } from './input-guards';

function message(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppException);
    return ((err as AppException).getResponse() as { message: string[] }).message.join(' | ');
  }
  throw new Error('expected a 400');
}

describe('findControlCharacter', () => {
  it('names the path of the first NUL or C0 control character, at any depth, in values and keys', () => {
    expect(findControlCharacter({ comment: 'nul\u0000' })).toEqual({ path: 'comment', codePoint: 'U+0000' });
    expect(findControlCharacter({ data: { items: ['ok', { name: 'a\u001fb' }] } })).toEqual({ path: 'data.items.1.name', codePoint: 'U+001F' });
    expect(findControlCharacter({ data: { 'k\u0001': 1 } })).toEqual({ path: 'data.k\\u0001', codePoint: 'U+0001' });
    expect(findControlCharacter('x\u007f\u0008', 'id')).toEqual({ path: 'id', codePoint: 'U+0008' });
  });

  it('lets tab, line feed and carriage return through, and survives 100,000 levels', () => {
    expect(findControlCharacter({ comment: 'line one\r\n\tline two', n: 1, b: true, z: null })).toBeNull();
    let deep: unknown = 'end\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findControlCharacter(deep)?.codePoint).toBe('U+0000');
  });
});

describe('RejectControlCharactersPipe', () => {
  const pipe = new RejectControlCharactersPipe();
  it('answers 400 naming the body field, the query key or the path parameter', () => {
    expect(message(() => pipe.transform({ comment: 'nul\u0000' }, { type: 'body' }))).toBe('comment must not contain control characters (U+0000)');
    expect(message(() => pipe.transform({ q: 'x\u0000' }, { type: 'query' }))).toBe('q must not contain control characters (U+0000)');
    expect(message(() => pipe.transform('abc\u0000', { type: 'param', data: 'id' }))).toBe('id must not contain control characters (U+0000)');
  });
  it('leaves clean values and custom parameters alone', () => {
    expect(pipe.transform({ comment: 'fine\n' }, { type: 'body' })).toEqual({ comment: 'fine\n' });
    expect(pipe.transform('x\u0000', { type: 'custom' })).toBe('x\u0000');
  });
});

describe('jsonNestsDeeperThan', () => {
  it('counts nesting outside strings only, without parsing', () => {
    expect(jsonNestsDeeperThan('[[[]]]', 3)).toBe(false);
    expect(jsonNestsDeeperThan('[[[[]]]]', 3)).toBe(true);
    expect(jsonNestsDeeperThan('{"a":"[[[[[[\\"[[[["}', 1)).toBe(false);
    expect(jsonNestsDeeperThan('['.repeat(4000), 32)).toBe(true);
  });
  it('is a body-parser verify hook that throws a 400 with the limit', () => {
    const verify = jsonDepthVerifier(32);
    expect(() => verify({} as never, {}, Buffer.from('{"a":1}'))).not.toThrow();
    expect(() => verify({} as never, {}, Buffer.from('['.repeat(33) + ']'.repeat(33)))).toThrow(new RequestBodyRejected('request body nests deeper than 32 levels'));
  });
});
