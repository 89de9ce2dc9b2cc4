// Live updates: the API pushes a `change` for every committed change this user may see (server-sent
// events, GET /api/live with a short-lived ticket); the console refetches the inbox, the case page and
// the bell at once. While the stream is down, those screens poll instead (see useLiveInterval).
import { useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { API_URL, httpClient } from './httpClient';

const LiveContext = createContext(false);

/** Resources a change can touch: their lists and records are refetched on each change. */
export const LIVE_RESOURCES = ['tasks', 'processes', 'notifications', 'clusters'];

/** Poll every `ms` only while the live stream is down. */
export function useLiveInterval(ms: number): number | false {
  return useContext(LiveContext) ? false : ms;
}

export function useLiveConnected(): boolean {
  return useContext(LiveContext);
}

export const LiveUpdates = ({ children }: { children: ReactNode }) => {
  const queryClient = useQueryClient();
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | null = null;
    let attempt = 0;
    let stopped = false;
    const refetch = () =>
      void queryClient.invalidateQueries({ predicate: (q) => LIVE_RESOURCES.includes(String(q.queryKey[0])) });
    const open = async () => {
      if (stopped) return;
      try {
        const { json } = await httpClient(`${API_URL}/live/ticket`, { method: 'POST' });
        if (stopped) return;
        source = new EventSource(json.url ?? `${API_URL}/live?ticket=${encodeURIComponent(json.ticket)}`);
        source.addEventListener('ready', () => {
          attempt = 0;
          setConnected(true);
          // Whatever changed while we were away.
          refetch();
        });
        source.addEventListener('change', refetch);
        source.addEventListener('degraded', () => setConnected(false));
        // A ticket is single-use: on any drop, close and come back with a new one (backing off).
        source.onerror = () => {
          source?.close();
          source = null;
          setConnected(false);
          schedule();
        };
      } catch {
        setConnected(false);
        schedule();
      }
    };
    const schedule = () => {
      if (stopped || retry) return;
      attempt += 1;
      retry = setTimeout(() => {
        retry = null;
        void open();
      }, Math.min(30_000, 1_000 * 2 ** Math.min(attempt, 5)));
    };
    void open();
    return () => {
      stopped = true;
      if (retry) clearTimeout(retry);
      source?.close();
    };
  }, [queryClient]);
  return (
    <LiveContext.Provider value={connected}>
      <span hidden data-testid="live-status" data-connected={connected ? 'true' : 'false'} />
      {children}
    </LiveContext.Provider>
  );
};
