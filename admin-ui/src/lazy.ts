// Route-level code splitting: a screen's code (and what only it uses: the diagram, ELK, the Temporal
// history) loads when the screen is first opened, not with the sign-in page and the inbox.
import { lazy, type ComponentType } from 'react';

/** React.lazy for a named export. */
export function lazyNamed<M extends Record<string, unknown>, K extends keyof M & string>(load: () => Promise<M>, name: K) {
  return lazy(() => load().then((m) => ({ default: m[name] as unknown as ComponentType<any> })));
}
