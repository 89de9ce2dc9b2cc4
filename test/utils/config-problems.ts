// For the configuration specs: what loadConfig refuses in an environment, as the list of problems it names.
import { ConfigValidationError, loadConfig } from '../../apps/api/src/config/app-config';

/** The problems loadConfig reports for `env`; throws when it accepts the environment or fails in another way. */
export function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigValidationError) return err.problems;
    throw err;
  }
  throw new Error('expected the configuration to be refused');
}
