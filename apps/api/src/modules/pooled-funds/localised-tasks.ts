// Which task views LiveLocalisationInterceptor enriches: HC tasks of an allocation and of its proposals. In its
// own file so the tasks service can ask the same in SQL without importing the interceptor's services.
import { GRANT_PROPOSAL, POOLED_FUND_ALLOCATION } from '../../../../../workflows/processes/pooled-fund-allocation';

export const POOLED_TYPES: readonly string[] = [POOLED_FUND_ALLOCATION, GRANT_PROPOSAL];

/** The same rows in SQL over a task row `t`: a list built as JSON text is handed over parsed when its page has one. */
export const LOCALISED_TASK_SQL = `(t.process_type IN (${POOLED_TYPES.map((t) => `'${t}'`).join(', ')}) AND 'hc' = ANY(t.roles))`;
