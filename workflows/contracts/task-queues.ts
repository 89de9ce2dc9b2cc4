/** The task queue the HPC Flow worker polls (override with TEMPORAL_TASK_QUEUE). */
export const DEFAULT_TASK_QUEUE = 'hpc-flow';
