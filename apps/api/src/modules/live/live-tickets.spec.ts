import { parseChangeNotice } from './live-tickets';

// Tickets are rows in PostgreSQL (shared by every API instance): test/integration/live-tickets.integration-spec.ts.
describe('live stream change notices', () => {
  it('forwards only well-formed change notices', () => {
    expect(parseChangeNotice('{"processId":"p1","taskIds":["t1"],"userIds":["u1",3]}')).toEqual({ processId: 'p1', taskIds: ['t1'], userIds: ['u1'] });
    expect(parseChangeNotice('{"processId":"p1"}')).toEqual({ processId: 'p1', taskIds: [], userIds: [] });
    expect(parseChangeNotice('{"taskIds":[]}')).toBeNull();
    expect(parseChangeNotice('not json')).toBeNull();
    expect(parseChangeNotice(undefined)).toBeNull();
  });
});
