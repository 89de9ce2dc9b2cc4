// What global setup started, kept on globalThis: jest runs globalSetup and globalTeardown in the same process.
export interface TestInfra {
  stopTemporal?: () => Promise<void>;
  stopPostgres?: () => Promise<void>;
  /** One per parallel jest worker. */
  databases?: Array<{ serverUrl: string; name: string }>;
  tmpDirs: string[];
  /** Synchronous kills for a signal that ends jest before teardown can run. */
  killNow: Array<() => void>;
}

const KEY = '__hpcFlowTestInfra';

export function setTestInfra(infra: TestInfra | undefined): void {
  (globalThis as Record<string, unknown>)[KEY] = infra;
}

export function getTestInfra(): TestInfra | undefined {
  return (globalThis as Record<string, unknown>)[KEY] as TestInfra | undefined;
}

/** Where global setup lists each jest worker's database and namespace (JSON of TestSlotEnv[]). */
export const TEST_SLOTS_ENV = 'HPC_TEST_SLOTS';

export interface TestSlotEnv {
  databaseUrl: string;
  namespace: string;
}
