import type { Request } from 'express';
import { routeLabel, statusClass } from './api-metrics';

describe('metric labels', () => {
  it('names a request by its route pattern, or "unmatched" (static files, 404s outside any route)', () => {
    expect(routeLabel({ route: { path: '/api/tasks/:id/decision' }, baseUrl: '' } as unknown as Request)).toBe('/api/tasks/:id/decision');
    expect(routeLabel({ route: { path: '/:id' }, baseUrl: '/api/users' } as unknown as Request)).toBe('/api/users/:id');
    expect(routeLabel({ baseUrl: '' } as unknown as Request)).toBe('unmatched');
  });

  it('groups status codes by class', () => {
    expect([200, 201, 302, 404, 409, 503].map(statusClass)).toEqual(['2xx', '2xx', '3xx', '4xx', '4xx', '5xx']);
  });
});
