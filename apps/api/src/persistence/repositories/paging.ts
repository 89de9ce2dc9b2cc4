// Applies a parsed simple-rest ListQuery to a TypeORM query builder: the only ORM-side list code.
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { ListQuery, Page } from '../../common/list-query';

export type FilterApplier<T extends ObjectLiteral> = (qb: SelectQueryBuilder<T>, value: string | boolean | string[], param: string) => void;

/** The filter `column = value` (a bound parameter), the list filter most lists have. */
export function equals<T extends ObjectLiteral>(column: string): FilterApplier<T> {
  return (qb, value, param) => void qb.andWhere(`${column} = :${param}`, { [param]: value });
}

export interface PageOptions<T extends ObjectLiteral> {
  /**
   * API sort field → SQL column expression (already whitelisted by the ListSpec), or a column with a second one
   * in a fixed order (e.g. most overdue first, then the earliest due) before the tie-breaker.
   */
  sortColumns: Record<string, string | { column: string; then: [string, 'ASC' | 'DESC'] }>;
  /** API filter key → how to apply it; parameters must use the given unique `param` name. */
  filters: Record<string, FilterApplier<T>>;
  /** Stable tie-breaker so pages never overlap, e.g. `u.id`. */
  tieBreaker: string;
}

export async function findPage<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, query: ListQuery, opts: PageOptions<T>): Promise<Page<T>> {
  const [items, total] = await applyPage(qb, query, opts).getManyAndCount();
  return { items, total };
}

/** The filters, the order (with the tie-breaker), the offset and the limit of a page, applied to `qb`. */
export function applyPage<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, query: ListQuery, opts: PageOptions<T>): SelectQueryBuilder<T> {
  let i = 0;
  for (const [key, value] of Object.entries(query.filter)) {
    const apply = opts.filters[key];
    if (!apply) throw new Error(`no filter applier for ${key}`);
    apply(qb, value, `f${i++}`);
  }
  const sort = opts.sortColumns[query.sort.field];
  if (!sort) throw new Error(`no sort column for ${query.sort.field}`);
  qb.orderBy(typeof sort === 'string' ? sort : sort.column, query.sort.order);
  if (typeof sort !== 'string') qb.addOrderBy(sort.then[0], sort.then[1]);
  qb.addOrderBy(opts.tieBreaker, query.sort.order);
  return qb.offset(query.skip).limit(query.take);
}

/** `%term%` for ILIKE with the user's wildcards escaped. */
export function likePattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
