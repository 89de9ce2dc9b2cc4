export { Engine, CHAIR_CLOSE, type EngineArgs, type EngineResult } from './engine';
export { processWorkflow } from './process-workflow';
export * from './timers';
export type * from './state';
