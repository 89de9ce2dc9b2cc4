// One workflow function runs every process: Temporal's workflow type is the process type (e.g.
// 'cluster-activation'), and the engine interprets that process's definition.
import { workflowInfo } from '@temporalio/workflow';
import { Engine, type EngineArgs, type EngineResult } from './engine';

export async function processWorkflow(args: EngineArgs): Promise<EngineResult> {
  const engine = new Engine(workflowInfo().workflowType, args);
  return engine.run(args);
}
