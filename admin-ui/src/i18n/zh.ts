// 中文: structure ready; untranslated keys fall back to English.
import en from './en';
import { mergeMessages } from './merge';

export default mergeMessages(en, {
  hpc: {
    language: '语言',
    auth: { session_expired: '您的会话已过期，请重新登录' },
    dashboard: { title: '仪表板' },
  },
  resources: { tasks: { name: '我的任务 |||| 我的任务' } },
});
