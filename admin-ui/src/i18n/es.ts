// Español: structure ready; untranslated keys fall back to English.
import en from './en';
import { mergeMessages } from './merge';

export default mergeMessages(en, {
  hpc: {
    language: 'Idioma',
    auth: { session_expired: 'Su sesión ha caducado, vuelva a iniciar sesión' },
    dashboard: { title: 'Panel' },
  },
  resources: { tasks: { name: 'Mi tarea |||| Mis tareas' } },
});
