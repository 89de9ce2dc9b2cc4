// What each role may see and do in the console (mirrors PROCESSES.md "Who uses it").
// The API is the enforcement point; this only keeps menus and buttons honest.
import { ROLES, type Role } from '../../workflows/domain';

type Action = 'list' | 'show' | 'create' | 'edit' | 'delete' | 'export' | 'clone' | string;

/** Every role the domain knows (revision 2 added the Advisory Board and the fund signatory). */
const ALL: Role[] = [...ROLES];

/** Roles that may start a process at all (each definition narrows this further). */
export const STARTER_ROLES: Role[] = ['admin', 'ocha', 'hc', 'cluster_lead', 'partner'];
/** Roles that never decide a task. */
export const NON_DECIDING_ROLES: Role[] = ['auditor'];

const matrix: Record<string, Partial<Record<Action, Role[]>>> = {
  users: { list: ['admin'], show: ['admin'], create: ['admin'], edit: ['admin'], export: ['admin'] },
  operations: { list: ALL, show: ALL, create: ['admin'], edit: ['admin'], export: ALL },
  organisations: { list: ALL, show: ALL, create: ['admin'], edit: ['admin'], export: ALL },
  clusters: { list: ALL, show: ALL, export: ALL },
  tasks: { list: ALL, show: ALL, export: ALL },
  processes: { list: ALL, show: ALL, create: STARTER_ROLES, export: ALL },
  notifications: { list: ALL, show: ALL },
};

export function hasAnyRole(roles: readonly string[], wanted: readonly string[]): boolean {
  return roles.some((r) => wanted.includes(r));
}

export function canAccess(roles: readonly string[], resource: string, action: Action, _record?: unknown): boolean {
  const rules = matrix[resource];
  if (!rules) return true;
  const allowed = rules[action];
  if (!allowed) return false;
  return hasAnyRole(roles, allowed);
}

/** May this user see the raw Temporal history of a case? */
export const canReadTemporalHistory = (roles: readonly string[]) => hasAnyRole(roles, ['auditor', 'admin']);
/** May this user cancel a case? */
export const canCancelProcess = (roles: readonly string[]) => roles.includes('admin');
/** Does this user ever decide tasks (auditors never do)? */
export const mayDecide = (roles: readonly string[]) => roles.some((r) => !NON_DECIDING_ROLES.includes(r as Role));
/** May this user list every task, not only those they may decide? */
export const canListAllTasks = (roles: readonly string[]) => hasAnyRole(roles, ['auditor', 'admin']);
