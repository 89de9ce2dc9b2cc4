// The namespace must carry the custom search attributes every workflow sets: without them each start fails.
// Checked at boot (API, launcher, `npm run check`); registered where the operator service allows it.
import type { Connection } from '@temporalio/client';
import { SEARCH_ATTRIBUTES, type SearchAttributeName } from '@hpc/workflows/contracts/search-attributes';

type SearchAttributeType = (typeof SEARCH_ATTRIBUTES)[SearchAttributeName];
/** temporal.api.enums.v1.IndexedValueType numbers (stable in the wire protocol). */
const INDEXED_VALUE_TYPES: Record<number, string> = { 1: 'Text', 2: 'Keyword', 3: 'Int', 4: 'Double', 5: 'Bool', 6: 'Datetime', 7: 'KeywordList' };
const TYPE_VALUES: Record<SearchAttributeType, number> = { Keyword: 2, KeywordList: 7 };

export interface MissingAttribute {
  name: SearchAttributeName;
  type: SearchAttributeType;
  /** Registered with another type: it cannot be fixed by adding it, only by an operator. */
  actualType?: string;
}

export interface NamespaceCheck {
  status: 'ok' | 'misconfigured';
  missing: MissingAttribute[];
  /** Attributes this check registered itself. */
  registered: SearchAttributeName[];
  /** Why registering was not possible (e.g. Temporal Cloud refuses the operator service). */
  registerError?: string;
}

/** The attributes the namespace lacks (or holds with a wrong type), from listSearchAttributes' answer. */
export function missingAttributes(custom: Record<string, number | null | undefined> | null | undefined): MissingAttribute[] {
  const out: MissingAttribute[] = [];
  for (const [name, type] of Object.entries(SEARCH_ATTRIBUTES) as [SearchAttributeName, SearchAttributeType][]) {
    const actual = custom?.[name];
    if (actual === undefined || actual === null) out.push({ name, type });
    else if (actual !== TYPE_VALUES[type]) out.push({ name, type, actualType: typeName(actual) });
  }
  return out;
}

function typeName(value: number): string {
  return INDEXED_VALUE_TYPES[value] ?? String(value);
}

/** Whether the address is Temporal Cloud, whose namespaces are changed with tcld, not the operator service. */
export function isTemporalCloud(address: string): boolean {
  return /\.tmprl\.cloud:\d+$/.test(address);
}

/** The exact commands an operator runs to add the missing attributes. */
export function searchAttributeCommands(missing: readonly MissingAttribute[], namespace: string, address: string): string[] {
  return missing.map((m) =>
    isTemporalCloud(address)
      ? `tcld namespace search-attributes add --namespace ${namespace} --search-attribute "${m.name}=${m.type}"`
      : `temporal operator search-attribute create --address ${address} --namespace ${namespace} --name ${m.name} --type ${m.type}`,
  );
}

/** ONE line for the log and the exit: what is missing and the commands that fix it. */
export function namespaceProblem(check: NamespaceCheck, namespace: string, address: string): string | null {
  if (check.status === 'ok') return null;
  const wrong = check.missing.filter((m) => m.actualType);
  if (wrong.length) {
    return `Temporal namespace ${namespace} has search attributes with the wrong type (${wrong.map((m) => `${m.name} is ${m.actualType}, expected ${m.type}`).join('; ')}); an operator must fix them before HPC Flow can start cases`;
  }
  const why = check.registerError ? ` (registering them failed: ${check.registerError})` : '';
  return `Temporal namespace ${namespace} lacks the search attributes ${check.missing.map((m) => m.name).join(', ')}${why}; run: ${searchAttributeCommands(check.missing, namespace, address).join(' && ')}`;
}

/**
 * Lists the namespace's custom search attributes; with `register`, adds the missing ones through the operator
 * service (self-hosted servers allow it; Temporal Cloud answers PERMISSION_DENIED or UNIMPLEMENTED).
 * Connection failures are thrown: the caller decides whether an unreachable server is fatal.
 */
export async function checkNamespace(connection: Connection, namespace: string, options: { register: boolean; timeoutMs?: number }): Promise<NamespaceCheck> {
  const deadline = () => Date.now() + (options.timeoutMs ?? 10_000);
  const list = async () =>
    missingAttributes(
      (await connection.withDeadline(deadline(), () => connection.operatorService.listSearchAttributes({ namespace }))).customAttributes as Record<string, number>,
    );
  const missing = await list();
  if (missing.length === 0) return { status: 'ok', missing, registered: [] };
  const addable = missing.filter((m) => !m.actualType);
  if (!options.register || addable.length !== missing.length) return { status: 'misconfigured', missing, registered: [] };
  try {
    await connection.withDeadline(deadline(), () =>
      connection.operatorService.addSearchAttributes({
        namespace,
        searchAttributes: Object.fromEntries(addable.map((m) => [m.name, TYPE_VALUES[m.type]])),
      }),
    );
  } catch (err) {
    return { status: 'misconfigured', missing, registered: [], registerError: (err as Error).message.split('\n')[0] };
  }
  const still = await list();
  return still.length
    ? { status: 'misconfigured', missing: still, registered: [], registerError: 'the server accepted the request but the attributes are still missing' }
    : { status: 'ok', missing: [], registered: addable.map((m) => m.name) };
}

export type BootCheck = { kind: 'ok'; registered: SearchAttributeName[] } | { kind: 'unreachable'; message: string } | { kind: 'misconfigured'; message: string };

/** Connects once (bounded), checks and where allowed registers; for the API's and the launcher's boot. */
/** TEMPORAL_REGISTER_SEARCH_ATTRIBUTES=false: never change the namespace, only report (least-privilege setups). */
export function mayRegister(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.TEMPORAL_REGISTER_SEARCH_ATTRIBUTES?.trim().toLowerCase() !== 'false';
}

export async function checkNamespaceAtBoot(
  settings: { address: string; namespace: string },
  connectionOptions: Parameters<typeof Connection.connect>[0],
  connect: typeof Connection.connect,
  timeoutMs = 10_000,
  register = mayRegister(),
): Promise<BootCheck> {
  let connection: Connection;
  try {
    connection = await connect({ ...connectionOptions, connectTimeout: timeoutMs });
  } catch (err) {
    return { kind: 'unreachable', message: `Temporal at ${settings.address} is not reachable: ${(err as Error).message}` };
  }
  try {
    const check = await checkNamespace(connection, settings.namespace, { register, timeoutMs });
    const problem = namespaceProblem(check, settings.namespace, settings.address);
    return problem ? { kind: 'misconfigured', message: problem } : { kind: 'ok', registered: check.registered };
  } catch (err) {
    return { kind: 'unreachable', message: `Temporal namespace ${settings.namespace} at ${settings.address} could not be checked: ${(err as Error).message.split('\n')[0]}` };
  } finally {
    await connection.close().catch(() => undefined);
  }
}
