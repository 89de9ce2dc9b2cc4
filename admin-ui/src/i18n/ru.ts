// Русский: structure ready; untranslated keys fall back to English.
import en from './en';
import { mergeMessages } from './merge';

export default mergeMessages(en, {
  hpc: {
    language: 'Язык',
    auth: { session_expired: 'Срок действия сеанса истёк, войдите снова' },
    dashboard: { title: 'Сводка' },
  },
  resources: { tasks: { name: 'Моя задача |||| Мои задачи' } },
});
