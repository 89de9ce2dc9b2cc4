// The one implementation of react-admin's simple-rest list protocol: `sort=["field","ASC"]`,
// `range=[start,end]` (inclusive), `filter={...}`, answered with a `Content-Range` header.
import type { Response } from 'express';
import { AppException } from './errors';
import { assertNoControlCharacters, jsonNestsDeeperThan, tooDeepMessage } from './input-guards';

export type SortOrder = 'ASC' | 'DESC';

/** How one filter key is validated; `id` lists come from react-admin's getMany. */
export type FilterRule =
  | { type: 'string'; maxLength?: number }
  | { type: 'uuid' }
  | { type: 'boolean' }
  | { type: 'enum'; values: readonly string[] }
  | { type: 'ids'; item: 'uuid' | 'string' };

export interface ListSpec {
  /** Resource name used in Content-Range, e.g. `users`. */
  resource: string;
  sortable: readonly string[];
  defaultSort: [string, SortOrder];
  filters: Record<string, FilterRule>;
  /** Largest page a client may ask for. */
  maxPageSize?: number;
}

export interface ListQuery {
  sort: { field: string; order: SortOrder };
  skip: number;
  take: number;
  /** Validated filters; values are strings, booleans or string arrays. */
  filter: Record<string, string | boolean | string[]>;
}

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const RESERVED = ['sort', 'range', 'filter'];
/** Deepest JSON a list parameter may nest (filters are flat; ids lists one level). */
export const LIST_PARAM_MAX_DEPTH = 32;

function parseJson(name: string, raw: unknown): unknown {
  if (typeof raw !== 'string') throw AppException.validation(`${name} must be a JSON-encoded query parameter`);
  if (jsonNestsDeeperThan(raw, LIST_PARAM_MAX_DEPTH)) throw AppException.validation(tooDeepMessage(name, LIST_PARAM_MAX_DEPTH));
  try {
    return JSON.parse(raw);
  } catch {
    throw AppException.validation(`${name} must be valid JSON`);
  }
}

function checkFilterValue(key: string, rule: FilterRule, value: unknown): string | boolean | string[] {
  switch (rule.type) {
    case 'string':
      if (typeof value !== 'string') throw AppException.validation(`filter.${key} must be a string`);
      assertNoControlCharacters(value, `filter.${key}`);
      if (value.length > (rule.maxLength ?? 200)) throw AppException.validation(`filter.${key} must be shorter than or equal to ${rule.maxLength ?? 200} characters`);
      return value;
    case 'uuid':
      if (typeof value !== 'string' || !UUID.test(value)) throw AppException.validation(`filter.${key} must be a UUID`);
      return value;
    case 'boolean':
      if (value === true || value === 'true') return true;
      if (value === false || value === 'false') return false;
      throw AppException.validation(`filter.${key} must be a boolean`);
    case 'enum':
      if (typeof value !== 'string' || !rule.values.includes(value)) {
        throw AppException.validation(`filter.${key} must be one of the following values: ${rule.values.join(', ')}`);
      }
      return value;
    case 'ids': {
      const list = Array.isArray(value) ? value : [value];
      if (list.length > MAX_PAGE_SIZE) throw AppException.validation(`filter.${key} must contain no more than ${MAX_PAGE_SIZE} elements`);
      for (const item of list) {
        const ok = typeof item === 'string' && (rule.item === 'string' || UUID.test(item));
        if (!ok) throw AppException.validation(`filter.${key} must be ${rule.item === 'uuid' ? 'a UUID or a list of UUIDs' : 'a string or a list of strings'}`);
      }
      assertNoControlCharacters(list, `filter.${key}`);
      return list as string[];
    }
  }
}

/**
 * Parse a list request. Filters may come as `filter={...}` (react-admin) or as plain query
 * parameters of the same name (curl); anything else is a 400 naming the parameter.
 */
export function parseListQuery(query: Record<string, unknown>, spec: ListSpec): ListQuery {
  const maxPage = spec.maxPageSize ?? MAX_PAGE_SIZE;
  for (const key of Object.keys(query)) {
    if (!RESERVED.includes(key) && !(key in spec.filters)) {
      throw AppException.validation(`query parameter ${key} is not supported`);
    }
  }

  let sort = { field: spec.defaultSort[0], order: spec.defaultSort[1] };
  if (query.sort !== undefined) {
    const parsed = parseJson('sort', query.sort);
    if (!Array.isArray(parsed) || parsed.length !== 2 || typeof parsed[0] !== 'string' || typeof parsed[1] !== 'string') {
      throw AppException.validation('sort must be a JSON array ["field","ASC"|"DESC"]');
    }
    const order = parsed[1].toUpperCase();
    if (!spec.sortable.includes(parsed[0])) {
      throw AppException.validation(`sort field must be one of the following values: ${spec.sortable.join(', ')}`);
    }
    if (order !== 'ASC' && order !== 'DESC') throw AppException.validation('sort order must be one of the following values: ASC, DESC');
    sort = { field: parsed[0], order };
  }

  let skip = 0;
  let take = Math.min(DEFAULT_PAGE_SIZE, maxPage);
  if (query.range !== undefined) {
    const parsed = parseJson('range', query.range);
    // Safe integers only: 1e308 is an "integer" to JS but overflows PostgreSQL's bigint OFFSET.
    if (!Array.isArray(parsed) || parsed.length !== 2 || !parsed.every((n) => Number.isSafeInteger(n) && n >= 0) || parsed[1] < parsed[0]) {
      throw AppException.validation(`range must be a JSON array [start,end] of integers from 0 to ${Number.MAX_SAFE_INTEGER} with start <= end`);
    }
    skip = parsed[0];
    take = parsed[1] - parsed[0] + 1;
    if (take > maxPage) throw AppException.validation(`range must not span more than ${maxPage} records`);
  }

  const raw: Record<string, unknown> = {};
  if (query.filter !== undefined) {
    const parsed = parseJson('filter', query.filter);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw AppException.validation('filter must be a JSON object');
    Object.assign(raw, parsed);
  }
  for (const key of Object.keys(spec.filters)) {
    if (query[key] !== undefined) raw[key] = query[key];
  }
  const filter: ListQuery['filter'] = {};
  for (const [key, value] of Object.entries(raw)) {
    const rule = spec.filters[key];
    if (!rule) throw AppException.validation(`filter.${key} is not a supported filter; use one of: ${Object.keys(spec.filters).join(', ') || '(none)'}`);
    if (value === undefined || value === null || value === '') continue;
    filter[key] = checkFilterValue(key, rule, value);
  }
  return { sort, skip, take, filter };
}

export interface Page<T> {
  items: T[];
  total: number;
}

// `Content-Range: users 0-24/319`; an empty page is `users */0` (total after the slash either way).
export function contentRange(resource: string, skip: number, count: number, total: number): string {
  return count === 0 ? `${resource} */${total}` : `${resource} ${skip}-${skip + count - 1}/${total}`;
}

/** Set Content-Range (and expose it to browsers) and return the page's items as the body. */
export function sendPage<T>(res: Response, spec: ListSpec, query: ListQuery, page: Page<T>): T[] {
  res.setHeader('Content-Range', contentRange(spec.resource, query.skip, page.items.length, page.total));
  res.setHeader('Access-Control-Expose-Headers', 'Content-Range');
  return page.items;
}

/**
 * A page whose items are already JSON text (built by PostgreSQL): the same headers as sendPage, the text as the
 * body with the Content-Type res.json would set.
 */
export function sendJsonPage(res: Response, spec: ListSpec, query: ListQuery, page: { items: string; count: number; total: number }): string {
  res.setHeader('Content-Range', contentRange(spec.resource, query.skip, page.count, page.total));
  res.setHeader('Access-Control-Expose-Headers', 'Content-Range');
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  return page.items;
}
