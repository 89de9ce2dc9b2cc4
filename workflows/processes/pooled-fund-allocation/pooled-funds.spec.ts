import { addMonths, cerfStartProblem, envelopeRefusal, localisationShare, scorecardProblem, splitProblem, tranchesProblem, weightedTotal } from './pooled-funds';

describe('pooled-fund rules', () => {
  test('scorecard weights total exactly 100, each criterion once', () => {
    expect(scorecardProblem([{ criterion: 'A', weight: 50 }, { criterion: 'B', weight: 50 }])).toBeNull();
    expect(scorecardProblem([{ criterion: 'A', weight: 50 }, { criterion: 'B', weight: 51 }])).toEqual({ field: 'scorecard', message: 'scorecard weights must total 100 (they total 101)' });
    expect(scorecardProblem([{ criterion: 'A', weight: 50 }, { criterion: ' a', weight: 50 }])?.message).toBe('scorecard must name each criterion once');
  });

  test('the split totals the envelope in exact cents (0.1 + 0.2 = 0.3)', () => {
    expect(splitProblem([{ sector: 'wash', amountUsd: '0.1' }, { sector: 'health', amountUsd: '0.2' }], '0.3', ['wash', 'health'])).toBeNull();
    expect(splitProblem([{ sector: 'wash', amountUsd: '0.1' }, { sector: 'health', amountUsd: '0.21' }], '0.3', ['wash', 'health'])?.message).toBe('envelopeSplit must total the envelope of 0.30 USD (it totals 0.31 USD)');
    expect(splitProblem([{ sector: 'wash', amountUsd: '0.1' }, { sector: 'wash', amountUsd: '0.2' }], '0.3', ['wash'])?.message).toBe('envelopeSplit must name each sector once: wash appears twice');
  });

  test('envelope and sector split: 0.1 + 0.2 fits 0.3 exactly, one cent more is refused naming what remains', () => {
    const split = [{ sector: 'wash', amountUsd: '0.20' }, { sector: 'health', amountUsd: '0.10' }];
    expect(envelopeRefusal('0.30', split, [{ sector: 'health', amountUsd: '0.1' }], { sector: 'wash', amountUsd: '0.2' })).toBeNull();
    expect(envelopeRefusal('0.30', null, [{ sector: 'health', amountUsd: '0.1' }, { sector: 'wash', amountUsd: '0.2' }], { sector: 'wash', amountUsd: '0.01' })).toBe(
      'the recommended 0.01 USD for wash exceeds the remaining envelope of 0.00 USD (envelope 0.30 USD, sum of approved proposals 0.30 USD)',
    );
    expect(envelopeRefusal('1.00', split, [{ sector: 'wash', amountUsd: '0.1' }], { sector: 'wash', amountUsd: '0.11' })).toBe(
      'the recommended 0.11 USD exceeds the remaining wash split of 0.10 USD (split 0.20 USD, sum of approved wash proposals 0.10 USD)',
    );
  });

  test('localisation share: direct national/local NGO USD over approved USD; Protection and AoRs against 25 %', () => {
    const s = localisationShare([
      { sector: 'wash', organisationType: 'lngo', amountUsd: '0.1' },
      { sector: 'wash', organisationType: 'ingo', amountUsd: '0.2' },
      { sector: 'gbv', organisationType: 'ingo', amountUsd: '3.00' },
      { sector: 'protection', organisationType: 'nngo', amountUsd: '0.99' },
    ], 25);
    expect(s).toEqual({
      approvedUsd: '4.29', localUsd: '1.09', sharePct: '25.40', targetPct: 25, belowTarget: false,
      protection: { approvedUsd: '3.99', localUsd: '0.99', sharePct: '24.81', targetPct: 25, belowTarget: true },
    });
    expect(localisationShare([], 25)).toMatchObject({ sharePct: '0.00', belowTarget: false, protection: null });
  });

  test('weighted total out of 100 with 2 decimals', () => {
    expect(weightedTotal([{ criterion: 'A', weight: 40 }, { criterion: 'B', weight: 35 }, { criterion: 'C', weight: 25 }], [{ criterion: 'A', score: 8 }, { criterion: 'B', score: 6.5 }, { criterion: 'C', score: 3 }])).toBe('62.25');
    expect(weightedTotal([{ criterion: 'A', weight: 100 }], [{ criterion: 'A', score: 10 }])).toBe('100.00');
  });

  test('tranches by risk level and totalling the approved amount, in date order', () => {
    expect(tranchesProblem('low', [{ amountUsd: '0.1', date: '2027-01-01' }, { amountUsd: '0.2', date: '2027-02-01' }], '0.30')).toBeNull();
    expect(tranchesProblem('high', [{ amountUsd: '0.3', date: '2027-01-01' }], '0.30')?.message).toBe('tranches must number 3–4 for a high risk partner (1 given)');
    expect(tranchesProblem('low', [{ amountUsd: '0.2', date: '2027-02-01' }, { amountUsd: '0.1', date: '2027-01-01' }], '0.30')?.message).toBe('tranches must be in date order: tranche 2 comes before tranche 1');
  });

  test('CERF start date: at most 6 weeks before the disbursement, never before the onset; months clamp to the month end', () => {
    expect(cerfStartProblem('2027-01-01', '2027-02-12', null)).toBeNull();
    expect(cerfStartProblem('2026-12-31', '2027-02-12', null)?.message).toBe('startDate must not be more than 6 weeks before the disbursement of 2027-02-12');
    expect(cerfStartProblem('2027-01-01', '2027-02-12', '2027-01-05')?.message).toBe('startDate must not be before the onset of the emergency (2027-01-05)');
    expect(addMonths('2026-10-31', 6)).toBe('2027-04-30');
    expect(addMonths('2027-01-15', 6)).toBe('2027-07-15');
    expect(addMonths('2027-03-31', -1)).toBe('2027-02-28');
  });
});
