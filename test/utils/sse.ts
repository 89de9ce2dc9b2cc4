// Server-sent events as a client reads them (the console's live stream, GET /api/live): chunks in, events out.

export interface SseEvent {
  event: string;
  /** The `data:` line as sent (JSON for the live stream), or undefined. */
  data: string | undefined;
}

/** Feed it each chunk of the response body; it calls `onEvent` for every complete event block. */
export function sseReader(onEvent: (e: SseEvent) => void): (chunk: string) => void {
  let buf = '';
  return (chunk) => {
    buf += chunk;
    for (let i = buf.indexOf('\n\n'); i >= 0; i = buf.indexOf('\n\n')) {
      const block = buf.slice(0, i);
      buf = buf.slice(i + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      if (event) onEvent({ event, data: /^data: (.*)$/m.exec(block)?.[1] });
    }
  };
}
