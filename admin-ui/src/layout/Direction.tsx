// Arabic mirrors the whole console: MUI's theme direction plus an Emotion cache whose stylis plugin
// flips left/right in every generated rule (MUI's documented RTL setup), one cache per direction.
import createCache from '@emotion/cache';
import { CacheProvider } from '@emotion/react';
import { ThemeProvider, type Theme } from '@mui/material/styles';
import rtlPlugin from '@mui/stylis-plugin-rtl';
import { useEffect, type ReactNode } from 'react';
import { useLocaleState } from 'react-admin';
import { prefixer } from 'stylis';
import { isRtl } from '../i18n';

const caches = {
  ltr: createCache({ key: 'hpc-ltr' }),
  rtl: createCache({ key: 'hpc-rtl', stylisPlugins: [prefixer, rtlPlugin] }),
};

const withDirection = (direction: 'ltr' | 'rtl') => (outer: Theme) => ({ ...outer, direction });

/** Keeps <html lang dir> in step with the chosen language and mirrors MUI's styles for right-to-left. */
export const DirectionProvider = ({ children }: { children: ReactNode }) => {
  const [locale] = useLocaleState();
  const direction = isRtl(locale) ? 'rtl' : 'ltr';
  useEffect(() => {
    document.documentElement.lang = locale;
    document.documentElement.dir = direction;
  }, [locale, direction]);
  return (
    <CacheProvider value={caches[direction]}>
      <ThemeProvider theme={withDirection(direction)}>{children}</ThemeProvider>
    </CacheProvider>
  );
};
