// العربية: the structure is ready (right-to-left layout); untranslated keys fall back to English.
import en from './en';
import { mergeMessages } from './merge';

export default mergeMessages(en, {
  hpc: {
    language: 'اللغة',
    auth: { session_expired: 'انتهت صلاحية جلستك، يرجى تسجيل الدخول مرة أخرى' },
    dashboard: { title: 'لوحة المعلومات' },
  },
  resources: { tasks: { name: 'مهمتي |||| مهامي' } },
});
