import { Alert, Box, CardContent, Typography } from '@mui/material';
import { LocalesMenuButton, Login, LoginForm, useTranslate } from 'react-admin';
import { session } from '../session';
import { DirectionProvider } from './Direction';

/** The sign-in page: the language can be chosen before signing in; says so when the previous session expired. */
export const LoginPage = () => {
  const translate = useTranslate();
  const expired = session.wasExpired();
  return (
    <DirectionProvider>
      <Login>
        <Box sx={{ display: 'flex', justifyContent: 'flex-end', px: 1, pt: 1 }} data-testid="login-locales">
          <LocalesMenuButton />
        </Box>
        <CardContent sx={{ pb: 0, pt: 0, textAlign: 'center' }}>
          <Typography variant="h5" component="h1">
            HPC Flow
          </Typography>
          <Typography variant="body2" color="text.secondary">
            {translate('hpc.auth.tagline')}
          </Typography>
          {expired && (
            <Alert severity="warning" sx={{ mt: 2, textAlign: 'start' }} data-testid="session-expired">
              {translate('hpc.auth.session_expired')}
            </Alert>
          )}
        </CardContent>
        <LoginForm />
      </Login>
    </DirectionProvider>
  );
};
