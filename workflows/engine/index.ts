export * from './process-runtime';
export * from './timers';
