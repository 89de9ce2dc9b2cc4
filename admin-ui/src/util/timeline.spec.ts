import type { AuditEvent } from '../types';
import { buildTimeline, historyToCsv } from './timeline';

const hc = { kind: 'user' as const, id: 'u1', username: 'hc', displayName: 'Hana, "HC"', roles: ['hc' as const] };

function ev(seq: number, at: string, over: Partial<AuditEvent> = {}): AuditEvent {
  return { seq, at, type: 'task-opened', actor: { kind: 'system' }, stepId: null, taskId: null, decision: null, comment: null, data: null, prevHash: `p${seq}`, hash: `h${seq}`, ...over };
}

describe('timeline', () => {
  const events = [
    ev(1, '2026-01-01T08:00:00Z', { type: 'process-started' }),
    ev(2, '2026-01-01T08:00:01Z', { stepId: 'transition-outline', taskId: 't1' }),
    ev(3, '2026-03-02T08:00:02Z', { type: 'reminder-sent', stepId: 'transition-outline', taskId: 't1' }),
    ev(4, '2026-03-22T08:00:00Z', { type: 'reminder-sent', stepId: 'transition-outline', taskId: 't1' }),
    ev(5, '2026-03-23T09:00:00Z', { type: 'decision', stepId: 'transition-outline', taskId: 't1', decision: 'submit', actor: hc }),
    ev(6, '2026-03-23T09:00:01Z', { stepId: 'architecture-review', taskId: 't2' }),
  ];

  it('groups consecutive events of a step and collapses long silences into quiet periods', () => {
    const items = buildTimeline(events);
    expect(items.map((i) => (i.kind === 'quiet' ? `quiet:${i.days}` : `${i.stepId}:${i.events.map((e) => e.seq).join('+')}`))).toEqual([
      'null:1',
      'transition-outline:2',
      'quiet:60',
      'transition-outline:3',
      'quiet:19',
      'transition-outline:4+5',
      'architecture-review:6',
    ]);
    const withDecision = items.find((i) => i.kind === 'group' && i.events.some((e) => e.seq === 5));
    expect(withDecision).toMatchObject({ hasDecision: true });
  });

  it('orders by seq whatever order the events arrive in', () => {
    const items = buildTimeline([...events].reverse(), 1000);
    expect(items[0]).toMatchObject({ kind: 'group', stepId: null });
    expect(items.filter((i) => i.kind === 'quiet')).toHaveLength(0);
  });
});

describe('history CSV export', () => {
  it('writes a header and one escaped row per event', () => {
    const csv = historyToCsv([
      ev(2, '2026-01-02T00:00:00Z', { type: 'decision', stepId: 's', taskId: 't', decision: 'endorse', actor: hc, comment: 'ok, "fine"\nnext', data: { a: 1 } }),
      ev(1, '2026-01-01T00:00:00Z', { type: 'process-started', comment: '=HYPERLINK("x")' }),
    ]);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('seq,at,type,actor,actorUsername,actorRoles,stepId,taskId,decision,comment,data,prevHash,hash');
    expect(lines[1]).toBe(`1,2026-01-01T00:00:00Z,process-started,system,,,,,,"'=HYPERLINK(""x"")",,p1,h1`);
    expect(csv).toContain('2,2026-01-02T00:00:00Z,decision,"Hana, ""HC""",hc,hc,s,t,endorse,"ok, ""fine""\nnext","{""a"":1}",p2,h2');
    expect(csv.endsWith('\r\n')).toBe(true);
  });
});
