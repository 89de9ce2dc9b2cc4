/**
 * The state a test needs, built the first time a test asks for it; every later caller gets the same result.
 * Each test asks for what it needs, so `-t` runs any one of them alone, and a full run builds each state once.
 */
export function once<T>(build: () => Promise<T>): () => Promise<T> {
  let built: Promise<T> | undefined;
  return () => (built ??= build());
}
