import { LiveTickets, parseChangeNotice, TICKET_TTL_MS } from './live-tickets';

const actor = { id: 'u1', username: 'hc', displayName: 'HC', roles: ['hc' as const], clusterScopes: [], operationScopes: [], organisationId: null, authorisedSignatory: false };

describe('live stream tickets', () => {
  it('are redeemed once, and not after they expire', () => {
    let now = 1_000;
    const tickets = new LiveTickets(() => now);
    const { ticket, expiresAt } = tickets.issue(actor);
    expect(expiresAt).toBe(1_000 + TICKET_TTL_MS);
    expect(ticket).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(tickets.redeem(ticket)).toEqual(actor);
    expect(tickets.redeem(ticket)).toBeNull();
    const late = tickets.issue(actor).ticket;
    now += TICKET_TTL_MS + 1;
    expect(tickets.redeem(late)).toBeNull();
    expect(tickets.redeem(undefined)).toBeNull();
    expect(tickets.redeem('made-up')).toBeNull();
  });

  it('forwards only well-formed change notices', () => {
    expect(parseChangeNotice('{"processId":"p1","taskIds":["t1"],"userIds":["u1",3]}')).toEqual({ processId: 'p1', taskIds: ['t1'], userIds: ['u1'] });
    expect(parseChangeNotice('{"processId":"p1"}')).toEqual({ processId: 'p1', taskIds: [], userIds: [] });
    expect(parseChangeNotice('{"taskIds":[]}')).toBeNull();
    expect(parseChangeNotice('not json')).toBeNull();
    expect(parseChangeNotice(undefined)).toBeNull();
  });
});
