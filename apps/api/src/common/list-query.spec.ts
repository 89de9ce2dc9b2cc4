import { AppException } from './errors';
import { contentRange, type ListSpec, parseListQuery, sendPage } from './list-query';

const SPEC: ListSpec = {
  resource: 'widgets',
  sortable: ['name', 'createdAt'],
  defaultSort: ['name', 'ASC'],
  filters: {
    q: { type: 'string', maxLength: 10 },
    id: { type: 'ids', item: 'uuid' },
    operationId: { type: 'uuid' },
    status: { type: 'enum', values: ['active', 'proposed'] },
    active: { type: 'boolean' },
  },
  maxPageSize: 50,
};
const UUID = '3f0c1f2e-8d4b-4c3a-9f1e-2b7a6c5d4e3f';
const RANGE_RULE = 'range must be a JSON array [start,end] of integers from 0 to 9007199254740991 with start <= end';

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppException);
    const e = err as AppException;
    expect(e.getStatus()).toBe(400);
    return (e.getResponse() as { message: string[] }).message.join(' | ');
  }
  throw new Error('expected a 400');
}

describe('parseListQuery', () => {
  it('applies defaults without parameters', () => {
    expect(parseListQuery({}, SPEC)).toEqual({ sort: { field: 'name', order: 'ASC' }, skip: 0, take: 50, filter: {} });
  });

  it('parses react-admin sort, range and filter', () => {
    const q = parseListQuery(
      { sort: '["createdAt","desc"]', range: '[10,19]', filter: JSON.stringify({ status: 'active', operationId: UUID, active: 'false', id: [UUID] }) },
      SPEC,
    );
    expect(q).toEqual({
      sort: { field: 'createdAt', order: 'DESC' },
      skip: 10,
      take: 10,
      filter: { status: 'active', operationId: UUID, active: false, id: [UUID] },
    });
  });

  it('accepts filters as plain query parameters and ignores empty values', () => {
    expect(parseListQuery({ status: 'proposed', q: '' }, SPEC).filter).toEqual({ status: 'proposed' });
    expect(parseListQuery({ id: UUID }, SPEC).filter).toEqual({ id: [UUID] });
  });

  it.each([
    [{ sort: '["name"' }, 'sort must be valid JSON'],
    [{ sort: '{"a":1}' }, 'sort must be a JSON array ["field","ASC"|"DESC"]'],
    [{ sort: '["password","ASC"]' }, 'sort field must be one of the following values: name, createdAt'],
    [{ sort: '["name","UP"]' }, 'sort order must be one of the following values: ASC, DESC'],
    [{ range: '[5,1]' }, RANGE_RULE],
    [{ range: '[-1,3]' }, RANGE_RULE],
    [{ range: '[1e308,1e308]' }, RANGE_RULE],
    [{ range: '[9223372036854775808,9223372036854775809]' }, RANGE_RULE],
    [{ range: '[0.5,3]' }, RANGE_RULE],
    [{ filter: '{"q":"a\\u0000b"}' }, 'filter.q must not contain control characters (U+0000)'],
    [{ filter: '{"id":["3f0c1f2e-8d4b-4c3a-9f1e-2b7a6c5d4e3f"]}', q: 'x\u0007' }, 'filter.q must not contain control characters (U+0007)'],
    [{ filter: '['.repeat(4000) + ']'.repeat(4000) }, 'filter nests deeper than 32 levels'],
    [{ sort: '['.repeat(40) + ']'.repeat(40) }, 'sort nests deeper than 32 levels'],
    [{ range: '[0,50]' }, 'range must not span more than 50 records'],
    [{ filter: '[1]' }, 'filter must be a JSON object'],
    [{ filter: 'nope' }, 'filter must be valid JSON'],
    [{ filter: '{"owner":"me"}' }, 'filter.owner is not a supported filter; use one of: q, id, operationId, status, active'],
    [{ filter: '{"status":"gone"}' }, 'filter.status must be one of the following values: active, proposed'],
    [{ filter: '{"operationId":"42"}' }, 'filter.operationId must be a UUID'],
    [{ filter: '{"active":"yes"}' }, 'filter.active must be a boolean'],
    [{ filter: '{"q":"01234567890"}' }, 'filter.q must be shorter than or equal to 10 characters'],
    [{ filter: '{"id":["x"]}' }, 'filter.id must be a UUID or a list of UUIDs'],
    [{ page: '2' }, 'query parameter page is not supported'],
  ])('rejects %j with a message naming the parameter', (query, message) => {
    expect(messageOf(() => parseListQuery(query as Record<string, unknown>, SPEC))).toBe(message);
  });
});

// The rest of the protocol's rules (react-admin simple-rest; a bad parameter is a 400 that names it).
describe('parseListQuery: the rest of the protocol', () => {
  /** A resource that declares no page size and string ids (the defaults of the protocol apply). */
  const PLAIN: ListSpec = { resource: 'things', sortable: ['name'], defaultSort: ['name', 'DESC'], filters: { code: { type: 'ids', item: 'string' }, label: { type: 'string' } } };
  const NONE: ListSpec = { resource: 'nothing', sortable: ['name'], defaultSort: ['name', 'ASC'], filters: {} };
  const uuids = (n: number) => Array.from({ length: n }, (_, i) => `3f0c1f2e-8d4b-4c3a-9f1e-${i.toString(16).padStart(12, '0')}`);

  it('pages by 100 by default, up to 1000 records, when the resource names no page size', () => {
    expect(parseListQuery({}, PLAIN)).toEqual({ sort: { field: 'name', order: 'DESC' }, skip: 0, take: 100, filter: {} });
    expect(parseListQuery({ range: '[0,999]' }, PLAIN)).toMatchObject({ skip: 0, take: 1000 });
    expect(messageOf(() => parseListQuery({ range: '[0,1000]' }, PLAIN))).toBe('range must not span more than 1000 records');
  });

  it('takes a range as inclusive bounds: one record, from zero, up to the page size exactly', () => {
    expect(parseListQuery({ range: '[0,0]' }, SPEC)).toMatchObject({ skip: 0, take: 1 });
    expect(parseListQuery({ range: '[7,7]' }, SPEC)).toMatchObject({ skip: 7, take: 1 });
    expect(parseListQuery({ range: '[0,49]' }, SPEC)).toMatchObject({ skip: 0, take: 50 });
    expect(parseListQuery({ range: '[100,149]' }, SPEC)).toMatchObject({ skip: 100, take: 50 });
  });

  it('reads a lower-case sort order', () => {
    expect(parseListQuery({ sort: '["name","asc"]' }, SPEC).sort).toEqual({ field: 'name', order: 'ASC' });
  });

  it('takes JSON booleans and their strings for a boolean filter, and drops null like an empty value', () => {
    expect(parseListQuery({ filter: '{"active":true}' }, SPEC).filter).toEqual({ active: true });
    expect(parseListQuery({ filter: '{"active":false}' }, SPEC).filter).toEqual({ active: false });
    expect(parseListQuery({ active: 'true' }, SPEC).filter).toEqual({ active: true });
    expect(parseListQuery({ filter: '{"status":null,"q":""}' }, SPEC).filter).toEqual({});
  });

  it('lets a plain query parameter win over the same key in filter={...}', () => {
    expect(parseListQuery({ filter: '{"status":"active","q":"ab"}', status: 'proposed' }, SPEC).filter).toEqual({ status: 'proposed', q: 'ab' });
  });

  it('accepts UUIDs in any case, and string ids as they are', () => {
    expect(parseListQuery({ operationId: UUID.toUpperCase() }, SPEC).filter).toEqual({ operationId: UUID.toUpperCase() });
    expect(parseListQuery({ filter: '{"code":["SSD","x-1"]}' }, PLAIN).filter).toEqual({ code: ['SSD', 'x-1'] });
    expect(parseListQuery({ code: 'SSD' }, PLAIN).filter).toEqual({ code: ['SSD'] });
  });

  it('caps a string filter at 200 characters when the resource names no length', () => {
    expect(parseListQuery({ label: 'x'.repeat(200) }, PLAIN).filter).toEqual({ label: 'x'.repeat(200) });
    expect(messageOf(() => parseListQuery({ label: 'x'.repeat(201) }, PLAIN))).toBe('filter.label must be shorter than or equal to 200 characters');
  });

  it('takes up to 1000 ids in one getMany, not more', () => {
    expect(parseListQuery({ filter: JSON.stringify({ id: uuids(1000) }) }, SPEC).filter.id).toHaveLength(1000);
    expect(messageOf(() => parseListQuery({ filter: JSON.stringify({ id: uuids(1001) }) }, SPEC))).toBe('filter.id must contain no more than 1000 elements');
  });

  it.each([
    // express hands repeated or bracketed parameters over as arrays and objects, not as JSON text
    [{ sort: ['name', 'ASC'] }, 'sort must be a JSON-encoded query parameter', SPEC],
    [{ range: { 0: '1' } }, 'range must be a JSON-encoded query parameter', SPEC],
    [{ filter: ['x'] }, 'filter must be a JSON-encoded query parameter', SPEC],
    [{ sort: '["name"]' }, 'sort must be a JSON array ["field","ASC"|"DESC"]', SPEC],
    [{ sort: '["name","ASC","x"]' }, 'sort must be a JSON array ["field","ASC"|"DESC"]', SPEC],
    [{ sort: '[1,"ASC"]' }, 'sort must be a JSON array ["field","ASC"|"DESC"]', SPEC],
    [{ sort: '["name",1]' }, 'sort must be a JSON array ["field","ASC"|"DESC"]', SPEC],
    [{ sort: '"name"' }, 'sort must be a JSON array ["field","ASC"|"DESC"]', SPEC],
    [{ range: '"ab"' }, RANGE_RULE, SPEC],
    [{ range: '{"0":1,"1":2}' }, RANGE_RULE, SPEC],
    [{ range: '[1]' }, RANGE_RULE, SPEC],
    [{ range: '[1,2,3]' }, RANGE_RULE, SPEC],
    [{ range: '[0,-1]' }, RANGE_RULE, SPEC],
    [{ range: '["0","9"]' }, RANGE_RULE, SPEC],
    [{ filter: '"status"' }, 'filter must be a JSON object', SPEC],
    [{ filter: 'null' }, 'filter must be a JSON object', SPEC],
    [{ filter: '{"q":5}' }, 'filter.q must be a string', SPEC],
    [{ filter: `{"operationId":["${UUID}"]}` }, 'filter.operationId must be a UUID', SPEC],
    [{ filter: `{"operationId":"x${UUID}"}` }, 'filter.operationId must be a UUID', SPEC],
    [{ filter: `{"operationId":"${UUID}x"}` }, 'filter.operationId must be a UUID', SPEC],
    [{ filter: '{"active":1}' }, 'filter.active must be a boolean', SPEC],
    [{ filter: '{"status":["active"]}' }, 'filter.status must be one of the following values: active, proposed', SPEC],
    [{ filter: `{"id":[5]}` }, 'filter.id must be a UUID or a list of UUIDs', SPEC],
    [{ filter: `{"id":["${UUID}","x"]}` }, 'filter.id must be a UUID or a list of UUIDs', SPEC],
    [{ filter: '{"code":[5]}' }, 'filter.code must be a string or a list of strings', PLAIN],
    [{ filter: '{"code":["a\\u0001"]}' }, 'filter.code.0 must not contain control characters (U+0001)', PLAIN],
    [{ filter: '{"q":"x"}' }, 'filter.q is not a supported filter; use one of: (none)', NONE],
    [{ q: 'x' }, 'query parameter q is not supported', NONE],
  ])('refuses %j with a message naming the parameter', (query, message, spec) => {
    expect(messageOf(() => parseListQuery(query as Record<string, unknown>, spec as ListSpec))).toBe(message);
  });
});

describe('Content-Range', () => {
  it('describes the returned slice and the total', () => {
    expect(contentRange('widgets', 0, 25, 319)).toBe('widgets 0-24/319');
    expect(contentRange('widgets', 300, 19, 319)).toBe('widgets 300-318/319');
    expect(contentRange('widgets', 0, 0, 0)).toBe('widgets */0');
  });

  it('sendPage sets and exposes the header and returns the items', () => {
    const headers: Record<string, string> = {};
    const res = { setHeader: (k: string, v: string) => (headers[k] = v) } as never;
    const q = parseListQuery({ range: '[5,9]' }, SPEC);
    expect(sendPage(res, SPEC, q, { items: ['a', 'b'], total: 7 })).toEqual(['a', 'b']);
    expect(headers).toEqual({ 'Content-Range': 'widgets 5-6/7', 'Access-Control-Expose-Headers': 'Content-Range' });
  });
});
