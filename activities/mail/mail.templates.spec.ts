import { nextDigestAt } from './mail.outbox';
import { deepLink, MAIL_KINDS, MAIL_LOCALES, missingWords, renderDigest, renderMail, type MailItem } from './mail.templates';

const item: MailItem = { kind: 'task-opened', processId: 'cluster-activation:op:health', taskId: 'cluster-activation:op:health~hc-endorsement~1', taskTitle: 'HC endorsement', caseTitle: 'Health cluster activation', dueAt: '2026-12-01T09:30:00.000Z', by: null, detail: null };

describe('mail templates', () => {
  it('every language has every word', () => {
    expect(missingWords()).toEqual([]);
  });

  it('each language renders each kind with its own headline and the deep link', () => {
    const subjects = new Set<string>();
    for (const locale of MAIL_LOCALES) {
      for (const kind of MAIL_KINDS) {
        const m = renderMail(locale, 'Daniel Okafor', { ...item, kind }, 'https://hpc.example.org/');
        expect(m.text).toContain('https://hpc.example.org/#/tasks/cluster-activation%3Aop%3Ahealth~hc-endorsement~1/show');
        expect(m.text).toContain('Daniel Okafor');
        subjects.add(m.subject);
      }
    }
    expect(subjects.size).toBe(MAIL_LOCALES.length * MAIL_KINDS.length);
    expect(renderMail('fr', 'D', item, 'https://x').subject).toBe('Nouvelle tâche : HC endorsement');
    expect(renderMail('xx', 'D', item, 'https://x').subject).toBe('New task: HC endorsement');
  });

  it('a case without a task links to the case', () => {
    expect(deepLink('https://x/', { processId: 'a:b', taskId: null })).toBe('https://x/#/processes/a%3Ab/show');
  });

  it('a digest lists every item under one subject', () => {
    const d = renderDigest('es', 'Ana', [item, { ...item, kind: 'reminder', taskTitle: 'Second' }], 'https://x');
    expect(d.subject).toBe('HPC Flow: 2 novedades');
    expect(d.text).toContain('* Nueva tarea: HC endorsement');
    expect(d.text).toContain('* Recordatorio: Second');
  });

  it('the digest goes out at the next digest hour', () => {
    expect(nextDigestAt(new Date('2026-11-30T06:00:00Z'), 7).toISOString()).toBe('2026-11-30T07:00:00.000Z');
    expect(nextDigestAt(new Date('2026-11-30T07:00:00Z'), 7).toISOString()).toBe('2026-12-01T07:00:00.000Z');
  });
});
