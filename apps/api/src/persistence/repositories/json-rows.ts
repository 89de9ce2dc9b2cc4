// Read pages built as JSON text by PostgreSQL and passed through to the response without hydration
// (no entity, no view object, no JSON.stringify in Node). The text is the JSON of the views of
// modules/processes/process-views.ts: same fields, same names and order, same types (timestamps as
// `Date.toISOString()`: UTC, milliseconds, `Z`). Only insignificant whitespace inside nested jsonb values
// differs (PostgreSQL prints `{"a": 1}` where JSON.stringify prints `{"a":1}`); a parsed page is equal to
// the hydrated one (test/integration/json-pages.integration-spec.ts).
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/**
 * How one view field is read from its column: a scalar or text array (to_json), a timestamp (ISO string),
 * a jsonb value (its text as it is), or a jsonb value with a default when SQL NULL or JSON null (like `?? {}`).
 */
export type JsonField =
  | { name: string; sql: string; kind: 'scalar' | 'timestamp' | 'jsonb' }
  | { name: string; sql: string; kind: 'jsonb-default'; fallback: '{}' | '[]' };

/** `YYYY-MM-DDTHH:MM:SS.mmmZ` like Date.toISOString() (milliseconds truncated, as the pg driver's Date). */
function isoSql(expr: string): string {
  return `'"' || to_char(${expr} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '"'`;
}

function valueSql(f: JsonField): string {
  switch (f.kind) {
    case 'scalar':
      return `COALESCE(to_json(${f.sql})::text, 'null')`;
    case 'timestamp':
      return `COALESCE(${isoSql(f.sql)}, 'null')`;
    case 'jsonb':
      return `COALESCE(${f.sql}::text, 'null')`;
    case 'jsonb-default':
      return `COALESCE(NULLIF(${f.sql}, 'null'::jsonb)::text, '${f.fallback}')`;
  }
}

const objectSqlCache = new WeakMap<readonly JsonField[], string>();

/** One row as a compact JSON object, fields in the given order (string concatenation: json_build_object would add ` : `). */
export function jsonObjectSql(fields: readonly JsonField[]): string {
  let sql = objectSqlCache.get(fields);
  if (sql === undefined) {
    sql = fields.map((f, i) => `'${i === 0 ? '{' : ','}${JSON.stringify(f.name)}:' || ${valueSql(f)}`).join(' || ') + ` || '}'`;
    objectSqlCache.set(fields, sql);
  }
  return sql;
}

export interface JsonPage {
  /** The page's items as one JSON array text. */
  items: string;
  /** Items on the page. */
  count: number;
  total: number;
  /** Extra flag computed over the page's rows (e.g. a row needs enrichment after the fact). */
  flag: boolean;
}

/**
 * The rows of `pageSql` (selecting `<alias>.*`) as one JSON array text in their order, and how many. The JSON
 * expression is added around the query TypeORM built, never through the query builder: its property-name
 * rewriting and parameter escaping run regular expressions over the whole statement, which cost more CPU than
 * the hydration this replaces.
 */
export function jsonArraySql(pageSql: string, alias: string, fields: readonly JsonField[], extraColumns = ''): string {
  return `SELECT ${extraColumns}count(*)::int AS n, '[' || COALESCE(string_agg(${jsonObjectSql(fields)}, ',' ORDER BY ${alias}.__rn), '') || ']' AS items ` +
    `FROM (SELECT ${alias}.*, row_number() OVER () AS __rn FROM (${pageSql}) ${alias}) ${alias}`;
}

/**
 * Runs a page query (filters, order, offset and limit already applied to `qb`) as ONE statement: the total
 * (over the page query's own filters, counted without DISTINCT when nothing is joined), the rows as a JSON array
 * in the query's order, and an optional flag over the page's rows (SQL over the row alias).
 */
export async function findJsonPage<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  fields: readonly JsonField[],
  opts: { flagSql?: string } = {},
): Promise<JsonPage> {
  const alias = qb.alias;
  // Without a join each row is one entity: COUNT(*) counts the same rows as TypeORM's COUNT(DISTINCT id), and
  // PostgreSQL can answer it from a covering index alone (ListCountIndexes: 10 → 1 ms for a scoped officer's
  // 6,000 running activations, 15 → 2 ms for the HC's inbox total), where the DISTINCT needs every id.
  const counted = qb.expressionMap.joinAttributes.length === 0 ? 'COUNT(*)' : `COUNT(DISTINCT("${alias}"."id"))`;
  const countQuery = qb.clone().orderBy().offset(undefined).limit(undefined).select(counted, 'cnt').getQuery();
  const pageQuery = qb.clone().select(`${alias}.*`).getQuery();
  // One escaping pass over both, so they share the parameter numbers.
  const [escaped, params] = qb.connection.driver.escapeQueryWithParameters(`${countQuery}\u0000${pageQuery}`, qb.getParameters());
  const [countSql, pageSql] = escaped.split('\u0000');
  const flag = opts.flagSql ? `COALESCE(bool_or(${opts.flagSql}), false)` : 'false';
  const sql = jsonArraySql(pageSql, alias, fields, `(${countSql})::int AS total, ${flag} AS flag, `);
  const rows: { total: number; n: number; items: string; flag: boolean }[] = await qb.connection.query(sql, params);
  const row = rows[0];
  return { items: row.items, count: row.n, total: row.total, flag: row.flag };
}
