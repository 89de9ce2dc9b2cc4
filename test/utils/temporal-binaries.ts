// Tests resolve the Temporal binaries exactly as the launcher does.
export {
  TEMPORAL_CLI,
  TEMPORAL_TEST_SERVER,
  resolveTemporalBinary,
  resolveTemporalCli,
  resolveTemporalTestServer,
  type ResolvedBinary,
} from '../../apps/cli/src/temporal-binaries';
