import { canonicalTimeZone, durationOverrideProblems, isIsoDate } from './operation-settings.dto';

describe('operation settings validation', () => {
  it('accepts IANA zone names, canonicalised, and refuses offsets and unknown names', () => {
    expect(canonicalTimeZone('Africa/Juba')).toBe('Africa/Juba');
    expect(canonicalTimeZone('UTC')).toBe('UTC');
    expect(canonicalTimeZone('America/Argentina/Buenos_Aires')).toBe('America/Argentina/Buenos_Aires');
    expect(canonicalTimeZone('Etc/GMT-3')).toBe('Etc/GMT-3');
    expect(canonicalTimeZone('africa/juba')).toBe('Africa/Juba');
    expect(canonicalTimeZone('Asia/Kolkata')).toBe('Asia/Kolkata');
    expect(canonicalTimeZone('Europe/Kyiv')).toBe('Europe/Kyiv');
    for (const bad of ['Mars/Olympus_Mons', '+03:00', 'GMT+3 ', '', 'Africa/', 42, null, 'x'.repeat(80)]) expect(canonicalTimeZone(bad)).toBeNull();
  });

  it('accepts real calendar dates only', () => {
    expect(isIsoDate('2026-07-09')).toBe(true);
    expect(isIsoDate('2028-02-29')).toBe(true);
    for (const bad of ['2026-02-29', '2026-02-30', '2026-13-01', '2026-7-9', '09/07/2026', '2026-07-09T00:00:00Z', 20260709]) expect(isIsoDate(bad)).toBe(false);
  });

  it('names every problem of duration overrides by its path', () => {
    expect(durationOverrideProblems({})).toEqual([]);
    expect(durationOverrideProblems({ 'cluster-activation': { 'erc-approval': { due: '48 hours', reminders: ['12 hours'], escalation: '3 days' } } })).toEqual([]);
    expect(durationOverrideProblems([])).toEqual(['durationOverrides must be an object keyed by process type']);
    expect(durationOverrideProblems({ Bad_Type: {} })).toEqual(['durationOverrides keys must be process type ids (lower-case kebab-case), got "Bad_Type"']);
    expect(durationOverrideProblems({ 'hpc-cycle': 3 })).toEqual(['durationOverrides.hpc-cycle must be an object keyed by step id']);
    expect(durationOverrideProblems({ 'hpc-cycle': { kickoff: 'soon' } })).toEqual(['durationOverrides.hpc-cycle.kickoff must be an object with due, reminders or escalation']);
    const rule = 'must be a duration of at most 10 years (e.g. "3 days", "10 working days", "3 months")';
    expect(durationOverrideProblems({ 'hpc-cycle': { kickoff: { due: 'soon', escalation: '11 years', reminders: ['1 day', 'x'], colour: 'red' } } })).toEqual([
      'property durationOverrides.hpc-cycle.kickoff.colour should not exist',
      `durationOverrides.hpc-cycle.kickoff.due ${rule}`,
      `durationOverrides.hpc-cycle.kickoff.escalation ${rule}`,
      `durationOverrides.hpc-cycle.kickoff.reminders.1 ${rule}`,
    ]);
    expect(durationOverrideProblems({ 'hpc-cycle': { kickoff: { due: '10 working days', reminders: '1 day' } } })).toEqual([
      'durationOverrides.hpc-cycle.kickoff.reminders must be an array of at most 10 durations',
    ]);
  });
});
