// What GET /api/auth/oidc says (public): whether "Sign in with <provider>" is offered and whether passwords work.
import { useEffect, useState } from 'react';
import { API_URL } from './httpClient';

export interface SignInOptions {
  enabled: boolean;
  providerName: string | null;
  localLogin: boolean;
}

const PASSWORDS_ONLY: SignInOptions = { enabled: false, providerName: null, localLogin: true };
let cached: Promise<SignInOptions> | null = null;

/** Fetched once per page load; null until known. A failure counts as passwords only (the API says the rest). */
export function useSignInOptions(): SignInOptions | null {
  const [options, setOptions] = useState<SignInOptions | null>(null);
  useEffect(() => {
    let live = true;
    cached ??= fetch(`${API_URL}/auth/oidc`, { headers: { Accept: 'application/json' } })
      .then((r) => (r.ok ? (r.json() as Promise<SignInOptions>) : PASSWORDS_ONLY))
      .catch(() => PASSWORDS_ONLY);
    void cached.then((o) => live && setOptions(o));
    return () => {
      live = false;
    };
  }, []);
  return options;
}
