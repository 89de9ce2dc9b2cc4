// The bundler's entry point. Every process runs through the one engine workflow: the worker calls this
// default (dynamic) workflow for each process type listed in workflows/processes/index.ts.
import { processWorkflow } from './engine/process-workflow';

export default processWorkflow;
