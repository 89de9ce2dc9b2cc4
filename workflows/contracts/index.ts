export * from './messages';
export * from './workflow-ids';
export * from './start-args';
export * from './search-attributes';
export * from './task-queues';
export type * from './activities';
