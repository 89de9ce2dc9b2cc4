import { Alert, CardContent, Typography } from '@mui/material';
import { Login, LoginForm, useTranslate } from 'react-admin';
import { session } from '../session';

/** The sign-in page; says so when the previous session expired. */
export const LoginPage = () => {
  const translate = useTranslate();
  const expired = session.wasExpired();
  return (
    <Login>
      <CardContent sx={{ pb: 0, textAlign: 'center' }}>
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
  );
};
