import { reportingCalendar } from './index';

test('reporting calendar: narrative 2 months after the end; UN agencies also owe financial statements on 31 January and 30 June of the next year', () => {
  expect(reportingCalendar('2027-07-31', 'lngo')).toEqual({ reportDueDate: '2027-09-30' });
  expect(reportingCalendar('2027-12-31', 'un-agency')).toEqual({ reportDueDate: '2028-02-29', interimFinancialStatementDue: '2028-01-31', finalFinancialStatementDue: '2028-06-30' });
});
