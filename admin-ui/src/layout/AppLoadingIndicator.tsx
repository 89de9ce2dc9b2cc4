import { CircularProgress } from '@mui/material';
import { RefreshIconButton, useLoading, useTranslate } from 'react-admin';

/** react-admin's app-bar loader, with a name for screen readers (its own progressbar has none). */
export const AppLoadingIndicator = () => {
  const loading = useLoading();
  const translate = useTranslate();
  return loading ? (
    <CircularProgress color="inherit" size={20} thickness={3} aria-label={translate('ra.page.loading')} sx={{ mx: 1.5 }} data-testid="loading" />
  ) : (
    <RefreshIconButton />
  );
};
