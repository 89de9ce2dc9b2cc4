import { defaultTheme, type RaThemeOptions } from 'react-admin';

// UN blue for the bar; the rest is react-admin's default theme.
export const theme: RaThemeOptions = {
  ...defaultTheme,
  // Status colours darkened where MUI's defaults give white chip text less than 4.5:1 contrast (WCAG AA).
  palette: {
    ...defaultTheme.palette,
    primary: { main: '#1f5aa6' },
    secondary: { main: '#0072a3' },
    info: { main: '#01579b' },
    warning: { main: '#a04600' },
    success: { main: '#1b5e20' },
  },
};
