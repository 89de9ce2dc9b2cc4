import { useEffect } from 'react';
import { useLocaleState } from 'react-admin';
import { isRtl } from '../i18n';

/** Keeps <html lang dir> in step with the chosen language (Arabic reads right to left). */
export const DocumentDirection = () => {
  const [locale] = useLocaleState();
  useEffect(() => {
    document.documentElement.lang = locale;
    document.documentElement.dir = isRtl(locale) ? 'rtl' : 'ltr';
  }, [locale]);
  return null;
};
