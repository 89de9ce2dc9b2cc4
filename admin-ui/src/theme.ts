import { defaultTheme, type RaThemeOptions } from 'react-admin';

// UN blue for the bar; the rest is react-admin's default theme.
export const theme: RaThemeOptions = {
  ...defaultTheme,
  palette: { ...defaultTheme.palette, primary: { main: '#1f5aa6' }, secondary: { main: '#009edb' } },
};
