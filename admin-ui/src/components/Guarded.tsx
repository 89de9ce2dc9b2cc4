import type { ComponentType } from 'react';
import { AccessDenied, Loading, useCanAccess } from 'react-admin';

/**
 * Asks canAccess before the page mounts, so a refused user sees "Access denied" without the page's
 * list or record request being sent first (react-admin starts it while canAccess is pending).
 */
export function guarded(Page: ComponentType, resource: string, action: string): ComponentType {
  const Guarded = () => {
    const { canAccess, isPending } = useCanAccess({ resource, action });
    if (isPending) return <Loading />;
    return canAccess ? <Page /> : <AccessDenied />;
  };
  Guarded.displayName = `Guarded(${resource}.${action})`;
  return Guarded;
}
