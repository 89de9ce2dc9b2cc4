export * from './roles';
export * from './reference';
export * from './actor';
export * from './authorization';
