import { Alert, Box, Button, CardContent, Divider, Typography } from '@mui/material';
import { useEffect, useRef, useState } from 'react';
import { LocalesMenuButton, Login, LoginForm, useLogin, useTranslate } from 'react-admin';
import { API_URL } from '../httpClient';
import { session } from '../session';
import { useSignInOptions } from '../signInOptions';
import { DirectionProvider } from './Direction';

/** The query of the hash route (`#/login?oidc_ticket=…`): where the API's OpenID callback sends the browser back. */
function hashParams(): URLSearchParams {
  const hash = window.location.hash;
  const i = hash.indexOf('?');
  return new URLSearchParams(i >= 0 ? hash.slice(i + 1) : '');
}

/**
 * The sign-in page: the language can be chosen before signing in; says so when the previous session expired;
 * offers "Sign in with <provider>" when OpenID Connect is configured (and only that when passwords are off),
 * and finishes such a sign-in when the provider's redirect comes back with a one-time ticket.
 */
export const LoginPage = () => {
  const translate = useTranslate();
  const login = useLogin();
  const expired = session.wasExpired();
  const options = useSignInOptions();
  const [oidcError, setOidcError] = useState<string | null>(() => hashParams().get('oidc_error'));
  const redeemed = useRef(false);

  useEffect(() => {
    const ticket = hashParams().get('oidc_ticket');
    if (!ticket || redeemed.current) return;
    redeemed.current = true;
    // The ticket leaves the address bar before it is used: it works once and must not stay in the history.
    window.history.replaceState(null, '', `${window.location.pathname}#/login`);
    login({ oidcTicket: ticket }).catch(() => setOidcError('ticket'));
  }, [login]);

  const showPasswordForm = options ? options.localLogin : true;
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
          {oidcError && (
            <Alert severity="error" sx={{ mt: 2, textAlign: 'start' }} data-testid="oidc-error">
              {translate(`hpc.auth.oidc_errors.${oidcError}`, { _: translate('hpc.auth.oidc_errors.provider') })}
            </Alert>
          )}
        </CardContent>
        {options?.enabled && (
          <CardContent sx={{ pb: showPasswordForm ? 0 : 2 }}>
            <Button variant="contained" fullWidth href={`${API_URL}/auth/oidc/start`} data-testid="oidc-sign-in">
              {translate('hpc.auth.sign_in_with', { provider: options.providerName ?? '' })}
            </Button>
            {showPasswordForm && (
              <Divider sx={{ mt: 2 }}>
                <Typography variant="caption" color="text.secondary">
                  {translate('hpc.auth.or_password')}
                </Typography>
              </Divider>
            )}
          </CardContent>
        )}
        {showPasswordForm && <LoginForm />}
      </Login>
    </DirectionProvider>
  );
};
