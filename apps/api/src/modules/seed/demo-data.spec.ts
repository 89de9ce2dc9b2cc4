import type { DataSource } from 'typeorm';
import { OPERATION_SCOPED_ROLES, ORGANISATION_TYPES, ROLES, RISK_LEVELS } from '@hpc/workflows/domain';
import { canonicalTimeZone } from '../operations/dtos/operation-settings.dto';
import { DEMO_CLUSTER_MEMBERS, DEMO_CLUSTERS, DEMO_OPERATIONS, DEMO_ORGANISATIONS, DEMO_USERS, seedDemoData } from './demo-data';

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
      'advisory', 'signatory', 'partner.director', 'lead.wash', 'lead.food-security', 'colead.protection', 'ocha.uga',
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

  it('writes no cluster as active: activations run through the real workflows (demo cases), each with a lead user', () => {
    for (const c of DEMO_CLUSTERS) expect(c).toMatchObject({ status: 'proposed', activatedDaysAgo: null });
    const activated = ['health', 'food-security', 'wash'];
    for (const sector of activated) {
      const lead = DEMO_USERS.find((u) => u.roles.includes('cluster_lead') && u.sectors?.includes(sector));
      expect([sector, lead?.organisation]).toEqual([sector, DEMO_CLUSTERS.find((c) => c.sector === sector)!.leadAgency]);
    }
  });
});

describe('demo data of the organisational model', () => {
  const byName = Object.fromEntries(DEMO_USERS.map((u) => [u.username, u]));
  const orgNames = new Set(DEMO_ORGANISATIONS.map((o) => o.name));

  it('scopes every hc, ocha and advisory_board user to operations, and nobody else', () => {
    for (const u of DEMO_USERS) {
      const scoped = u.roles.some((r) => OPERATION_SCOPED_ROLES.includes(r));
      expect([u.username, (u.operations ?? []).length > 0]).toEqual([u.username, scoped]);
    }
    expect(byName.hc.operations).toEqual(['ssd']);
    expect(byName['ocha.uga'].operations).toEqual(['uga']);
  });

  it('has one authorised signatory, a partner; cluster leads belong to their agencies', () => {
    expect(DEMO_USERS.filter((u) => u.authorisedSignatory).map((u) => u.username)).toEqual(['partner.director']);
    expect(byName['partner.director'].roles).toEqual(['partner']);
    for (const u of DEMO_USERS.filter((x) => x.roles.includes('cluster_lead'))) expect(orgNames.has(u.organisation!)).toBe(true);
    const protection = DEMO_CLUSTERS.find((c) => c.sector === 'protection')!;
    expect(byName['lead.protection'].organisation).toBe(protection.leadAgency);
    expect(byName['colead.protection'].organisation).toBe(protection.coLeadAgency);
  });

  it('gives organisations risk levels, some not eligible, and the agencies the clusters and AoRs need', () => {
    expect(new Set(DEMO_ORGANISATIONS.map((o) => o.riskLevel))).toEqual(new Set([...RISK_LEVELS, null]));
    for (const name of ['UNHCR', 'UNICEF', 'WFP', 'WHO', 'UNFPA', 'Norwegian Refugee Council', 'International Rescue Committee', 'UNMAS', 'UN-Habitat']) {
      expect(orgNames.has(name)).toBe(true);
    }
    for (const c of DEMO_CLUSTERS) {
      expect(orgNames.has(c.leadAgency)).toBe(true);
      if (c.coLeadAgency) expect(orgNames.has(c.coLeadAgency)).toBe(true);
    }
    for (const m of DEMO_CLUSTER_MEMBERS) {
      expect(orgNames.has(m.organisation)).toBe(true);
      expect(DEMO_CLUSTERS.some((c) => c.sector === m.sector)).toBe(true);
    }
  });

  it('has a protracted operation in Juba time and a refugee operation, with valid settings', () => {
    expect(DEMO_OPERATIONS.map((o) => [o.name, o.type])).toEqual([['South Sudan 2026', 'protracted'], ['Uganda Refugee Response 2026', 'refugee']]);
    expect(DEMO_OPERATIONS[0].settings).toMatchObject({ timeZone: 'Africa/Juba', weekendDays: [6, 0], planningCycleStartMonth: 6, planningFormat: 'hnrp' });
    for (const op of DEMO_OPERATIONS) {
      expect(canonicalTimeZone(op.settings.timeZone)).toBe(op.settings.timeZone);
      for (const d of op.settings.holidays) expect(new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10)).toBe(d);
    }
  });
});
