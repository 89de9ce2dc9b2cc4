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
