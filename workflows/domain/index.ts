export * from './roles';
export * from './reference';
export * from './actor';
export * from './authorization';
export * from './durations';
export * from './calendar';
export * from './definitions';
export * from './views';
