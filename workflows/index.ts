// The bundler's entry point. Every process runs through the one engine workflow: the worker calls this
// default (dynamic) workflow for each process type listed in workflows/processes/index.ts. Named exports are
// the few workflows that are not cases (the mail dispatcher).
import { processWorkflow } from './engine/process-workflow';

export { mailDispatcher } from './mail/mail-dispatcher';
export default processWorkflow;
