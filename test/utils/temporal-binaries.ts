// Tests resolve the Temporal binaries (and the fuzzer) exactly as the launcher does.
export {
  SCHEMATHESIS,
  manualInstallCommand,
  resolveSchemathesis,
  TEMPORAL_CLI,
  TEMPORAL_TEST_SERVER,
  resolveTemporalBinary,
  resolveTemporalCli,
  resolveTemporalTestServer,
  type ResolvedBinary,
} from '../../apps/cli/src/temporal-binaries';
