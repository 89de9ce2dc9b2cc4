import type { DataSource } from 'typeorm';
import { ORGANISATION_TYPES, ROLES } from '../../../../../workflows/domain';
import { DEMO_CLUSTERS, DEMO_ORGANISATIONS, DEMO_USERS, seedDemoData } from './demo-data';

describe('demo data', () => {
  const untouchable = {
    transaction: () => {
      throw new Error('must not touch the database');
    },
  } as unknown as DataSource;

  it('refuses to run in production, before touching the database', async () => {
    await expect(seedDemoData(untouchable, { password: 'demo12345', nodeEnv: 'production' })).rejects.toThrow(
      'seedDemoData refuses to run with NODE_ENV=production: no demo users exist there',
    );
  });

  it('refuses a short password', async () => {
    await expect(seedDemoData(untouchable, { password: 'short', nodeEnv: 'development' })).rejects.toThrow('at least 8 characters');
  });

  it('covers every role and every organisation type', () => {
    expect(new Set(DEMO_USERS.flatMap((u) => u.roles))).toEqual(new Set(ROLES));
    expect(new Set(DEMO_ORGANISATIONS.map((o) => o.type))).toEqual(new Set(ORGANISATION_TYPES));
    expect(DEMO_USERS.map((u) => u.username)).toEqual([
      'admin', 'ocha', 'hc', 'erc', 'auditor', 'lead.protection', 'lead.health', 'partner.local', 'partner.intl',
    ]);
  });

  it('gives partners and cluster leads what their roles require', () => {
    const orgType = (name?: string) => DEMO_ORGANISATIONS.find((o) => o.name === name)?.type;
    const byName = Object.fromEntries(DEMO_USERS.map((u) => [u.username, u]));
    expect(orgType(byName['partner.local'].organisation)).toBe('lngo');
    expect(byName['partner.local'].organisation).toBe('Hope Relief Juba');
    expect(orgType(byName['partner.intl'].organisation)).toBe('ingo');
    expect(byName['lead.protection'].sectors).toEqual(['protection']);
    expect(byName['lead.health'].sectors).toEqual(['health']);
  });

  it('has active clusters activated weeks ago and protection awaiting activation', () => {
    const status = Object.fromEntries(DEMO_CLUSTERS.map((c) => [c.sector, c]));
    for (const s of ['health', 'food-security', 'wash']) {
      expect(status[s].status).toBe('active');
      expect(status[s].activatedDaysAgo).toBeGreaterThanOrEqual(14);
    }
    expect(status.protection).toMatchObject({ status: 'proposed', activatedDaysAgo: null });
    expect(status.shelter.status).toBe('proposed');
  });
});
