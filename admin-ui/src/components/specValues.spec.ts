import type { FieldSpec } from '../../../workflows/domain';
import { compactValues, getPath, setPath } from './specValues';

const rows: FieldSpec = {
  name: 'rows',
  label: 'Needs',
  type: 'list',
  required: true,
  fields: [
    { name: 'adminArea', label: 'Area', type: 'string', required: true },
    { name: 'peopleInNeed', label: 'People in need', type: 'integer', required: true },
    { name: 'note', label: 'Note', type: 'string', required: false },
  ],
};

describe('decision form values', () => {
  it('sets a list row field by index and keeps the list a list', () => {
    const v = setPath({ rows: [{ adminArea: 'Juba' }, {}] }, 'rows.1.peopleInNeed', 1200);
    expect(Array.isArray(v.rows)).toBe(true);
    expect(v.rows).toEqual([{ adminArea: 'Juba' }, { peopleInNeed: 1200 }]);
    expect(getPath(v, 'rows.1.peopleInNeed')).toBe(1200);
  });

  it('stores nested object fields nested', () => {
    expect(setPath({}, 'calendar.hno', '2026-09-30')).toEqual({ calendar: { hno: '2026-09-30' } });
  });

  it('compacts each row of a list (blank optional fields dropped, text trimmed) and drops an empty optional list', () => {
    const values = { rows: [{ adminArea: ' Juba ', peopleInNeed: 10, note: '  ' }], risks: [] };
    const risks: FieldSpec = { ...rows, name: 'risks', required: false };
    expect(compactValues([rows, risks], values)).toEqual({ rows: [{ adminArea: 'Juba', peopleInNeed: 10 }] });
  });
});
