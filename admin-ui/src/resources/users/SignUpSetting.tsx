import { FormControlLabel, Switch } from '@mui/material';
import { useEffect, useState } from 'react';
import { useNotify, useTranslate } from 'react-admin';
import { API_URL, httpClient } from '../../httpClient';
import { useSignInOptions } from '../../signInOptions';

/**
 * The admin's run-time setting, shown above the user list when OpenID Connect is configured: whether a first
 * sign-in through the provider by someone without an account (matched by verified e-mail) creates it.
 */
export const SignUpSetting = () => {
  const translate = useTranslate();
  const notify = useNotify();
  const signIn = useSignInOptions();
  const [createUsers, setCreateUsers] = useState<boolean | null>(null);

  useEffect(() => {
    if (!signIn?.enabled) return;
    httpClient(`${API_URL}/auth/oidc/settings`)
      .then(({ json }) => setCreateUsers((json as { createUsers: boolean }).createUsers))
      .catch(() => setCreateUsers(null));
  }, [signIn?.enabled]);

  if (!signIn?.enabled || createUsers === null) return null;
  const change = (value: boolean) =>
    httpClient(`${API_URL}/auth/oidc/settings`, { method: 'PUT', body: JSON.stringify({ createUsers: value }) })
      .then(({ json }) => {
        setCreateUsers((json as { createUsers: boolean }).createUsers);
        notify('hpc.users.sign_up_saved', { type: 'info' });
      })
      .catch((err: Error) => notify(err.message, { type: 'error' }));
  return (
    <FormControlLabel
      sx={{ mx: 0, mt: 1 }}
      control={<Switch checked={createUsers} onChange={(e) => void change(e.target.checked)} data-testid="oidc-create-users" />}
      label={translate('hpc.users.sign_up', { provider: signIn.providerName ?? '' })}
    />
  );
};
