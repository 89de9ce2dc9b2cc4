// The process list the engine runs (workflows/processes: one module per process, each with its
// versioned definition), seen from the console: only pure data and validators, no workflow code.
export { canStart, getDefinition, PROCESS_DEFINITIONS, validateProcessInput } from '../../workflows/processes';
