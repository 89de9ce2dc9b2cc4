import { devServerArgs } from './temporal-dev-server';

describe('devServerArgs', () => {
  it('enables Updates, registers the HPC search attributes and persists when given a db file', () => {
    const args = devServerArgs({ cliPath: 'temporal', port: 7233, uiPort: 8233, dbFilename: '/d/temporal.db' });
    const joined = args.join(' ');
    expect(args.slice(0, 2)).toEqual(['server', 'start-dev']);
    expect(joined).toContain('--ip 127.0.0.1 --port 7233 --namespace default');
    expect(joined).toContain('--dynamic-config-value frontend.enableUpdateWorkflowExecution=true');
    expect(joined).toContain('--dynamic-config-value frontend.enableUpdateWorkflowExecutionAsyncAccepted=true');
    expect(joined).toContain('--search-attribute HpcAwaitingRoles=KeywordList');
    expect(joined).toContain('--ui-ip 127.0.0.1 --ui-port 8233');
    expect(joined).toContain('--db-filename /d/temporal.db');
    expect(args).not.toContain('--headless');
  });

  it('runs headless and in memory for tests', () => {
    const args = devServerArgs({ cliPath: 'temporal', port: 1234 });
    expect(args).toContain('--headless');
    expect(args).not.toContain('--db-filename');
    expect(args).not.toContain('--ui-port');
  });

  it('creates one namespace per parallel test worker beside the first', () => {
    const args = devServerArgs({ cliPath: 'temporal', port: 1234, namespace: 'hpc-test-1', moreNamespaces: ['hpc-test-2', 'hpc-test-3'] });
    expect(args.join(' ')).toContain('--namespace hpc-test-1 --namespace hpc-test-2 --namespace hpc-test-3');
  });
});
