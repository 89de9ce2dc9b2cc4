// The mails' words in the six UN languages the console speaks; one template per notification kind and one digest.
export const MAIL_LOCALES = ['en', 'fr', 'es', 'ar', 'ru', 'zh'] as const;
export type MailLocale = (typeof MAIL_LOCALES)[number];
export const MAIL_KINDS = ['task-opened', 'reminder', 'overdue', 'escalation', 'decision', 'process-ended', 'notice'] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

type Words = Record<MailKind, string> & { digest: string; hello: string; case: string; due: string; openTask: string; openCase: string; by: string; footer: string };

const WORDS: Record<MailLocale, Words> = {
  en: {
    'task-opened': 'New task: {task}', reminder: 'Reminder: {task}', overdue: 'Overdue: {task}', escalation: 'Escalated to you: {task}',
    decision: 'Decision on your case: {case}', 'process-ended': 'Case ended: {case}', notice: 'Notice: {case}',
    digest: 'HPC Flow: {n} updates', hello: 'Hello {name},', case: 'Case', due: 'Due', openTask: 'Open the task', openCase: 'Open the case', by: 'By',
    footer: 'You receive this mail from HPC Flow; choose one mail per event or a daily digest in your profile.',
  },
  fr: {
    'task-opened': 'Nouvelle tâche : {task}', reminder: 'Rappel : {task}', overdue: 'En retard : {task}', escalation: 'Transmis à vous : {task}',
    decision: 'Décision sur votre dossier : {case}', 'process-ended': 'Dossier clos : {case}', notice: 'Avis : {case}',
    digest: 'HPC Flow : {n} mises à jour', hello: 'Bonjour {name},', case: 'Dossier', due: 'Échéance', openTask: 'Ouvrir la tâche', openCase: 'Ouvrir le dossier', by: 'Par',
    footer: 'Ce message vous est envoyé par HPC Flow ; choisissez un message par événement ou un résumé quotidien dans votre profil.',
  },
  es: {
    'task-opened': 'Nueva tarea: {task}', reminder: 'Recordatorio: {task}', overdue: 'Vencida: {task}', escalation: 'Escalada a usted: {task}',
    decision: 'Decisión sobre su caso: {case}', 'process-ended': 'Caso finalizado: {case}', notice: 'Aviso: {case}',
    digest: 'HPC Flow: {n} novedades', hello: 'Hola {name}:', case: 'Caso', due: 'Vence', openTask: 'Abrir la tarea', openCase: 'Abrir el caso', by: 'Por',
    footer: 'Recibe este correo de HPC Flow; elija un correo por evento o un resumen diario en su perfil.',
  },
  ar: {
    'task-opened': 'مهمة جديدة: {task}', reminder: 'تذكير: {task}', overdue: 'متأخرة: {task}', escalation: 'صُعّدت إليك: {task}',
    decision: 'قرار بشأن حالتك: {case}', 'process-ended': 'انتهت الحالة: {case}', notice: 'إشعار: {case}',
    digest: 'HPC Flow: {n} تحديثات', hello: 'مرحبًا {name}،', case: 'الحالة', due: 'الموعد النهائي', openTask: 'افتح المهمة', openCase: 'افتح الحالة', by: 'بواسطة',
    footer: 'تصلك هذه الرسالة من HPC Flow؛ اختر رسالة لكل حدث أو ملخصًا يوميًا في ملفك الشخصي.',
  },
  ru: {
    'task-opened': 'Новая задача: {task}', reminder: 'Напоминание: {task}', overdue: 'Просрочено: {task}', escalation: 'Передано вам: {task}',
    decision: 'Решение по вашему делу: {case}', 'process-ended': 'Дело завершено: {case}', notice: 'Уведомление: {case}',
    digest: 'HPC Flow: обновлений: {n}', hello: 'Здравствуйте, {name}!', case: 'Дело', due: 'Срок', openTask: 'Открыть задачу', openCase: 'Открыть дело', by: 'Кто',
    footer: 'Это письмо от HPC Flow; в профиле можно выбрать письмо на каждое событие или ежедневную сводку.',
  },
  zh: {
    'task-opened': '新任务：{task}', reminder: '提醒：{task}', overdue: '已逾期：{task}', escalation: '已升级给您：{task}',
    decision: '您的案件有新决定：{case}', 'process-ended': '案件已结束：{case}', notice: '通知：{case}',
    digest: 'HPC Flow：{n} 条更新', hello: '{name}，您好：', case: '案件', due: '截止', openTask: '打开任务', openCase: '打开案件', by: '决定人',
    footer: '此邮件由 HPC Flow 发送；您可在个人资料中选择每个事件一封邮件或每日摘要。',
  },
};

export function mailLocale(locale: string | null | undefined): MailLocale {
  return (MAIL_LOCALES as readonly string[]).includes(locale ?? '') ? (locale as MailLocale) : 'en';
}

function fill(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? ''));
}

/** What one outbox row says, resolved against the read model when it is sent. */
export interface MailItem {
  kind: string;
  processId: string | null;
  taskId: string | null;
  taskTitle: string | null;
  caseTitle: string | null;
  dueAt: string | null;
  /** Who decided (decision mails). */
  by: string | null;
  /** The decision or outcome, as recorded. */
  detail: string | null;
}

export interface RenderedMail {
  subject: string;
  text: string;
}

export function deepLink(publicUrl: string, item: Pick<MailItem, 'processId' | 'taskId'>): string {
  const base = publicUrl.replace(/\/+$/, '');
  if (item.taskId) return `${base}/#/tasks/${encodeURIComponent(item.taskId)}/show`;
  if (item.processId) return `${base}/#/processes/${encodeURIComponent(item.processId)}/show`;
  return `${base}/`;
}

function headline(w: Words, item: MailItem): string {
  const kind = (MAIL_KINDS as readonly string[]).includes(item.kind) ? (item.kind as MailKind) : 'notice';
  return fill(w[kind], { task: item.taskTitle ?? item.caseTitle ?? '', case: item.caseTitle ?? item.taskTitle ?? '' });
}

function block(w: Words, item: MailItem, publicUrl: string): string[] {
  const lines = [headline(w, item)];
  if (item.caseTitle) lines.push(`${w.case}: ${item.caseTitle}`);
  if (item.detail) lines.push(item.by ? `${w.by}: ${item.by} (${item.detail})` : item.detail);
  if (item.dueAt) lines.push(`${w.due}: ${item.dueAt.slice(0, 16).replace('T', ' ')} UTC`);
  lines.push(`${item.taskId ? w.openTask : w.openCase}: ${deepLink(publicUrl, item)}`);
  return lines;
}

export function renderMail(locale: string, name: string, item: MailItem, publicUrl: string): RenderedMail {
  const w = WORDS[mailLocale(locale)];
  return { subject: headline(w, item), text: [fill(w.hello, { name }), '', ...block(w, item, publicUrl), '', '--', w.footer].join('\n') };
}

export function renderDigest(locale: string, name: string, items: MailItem[], publicUrl: string): RenderedMail {
  const w = WORDS[mailLocale(locale)];
  const body = items.flatMap((i) => ['', ...block(w, i, publicUrl).map((l, n) => (n === 0 ? `* ${l}` : `  ${l}`))]);
  return { subject: fill(w.digest, { n: items.length }), text: [fill(w.hello, { name }), ...body, '', '--', w.footer].join('\n') };
}

/** Every language has every word (the unit test reads this). */
export function missingWords(): string[] {
  const keys = Object.keys(WORDS.en);
  return MAIL_LOCALES.flatMap((l) => keys.filter((k) => !(WORDS[l] as Record<string, string>)[k]).map((k) => `${l}.${k}`));
}
