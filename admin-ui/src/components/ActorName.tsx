import { useTranslate } from 'react-admin';

type ActorLike = { kind?: string; displayName?: string; username?: string; roles?: readonly string[] } | null | undefined;

/** "Hana Coordinator (Humanitarian Coordinator)" for a user, "System" for timers and automatic steps. */
export const ActorName = ({ actor, withRoles = true }: { actor: ActorLike; withRoles?: boolean }) => {
  const translate = useTranslate();
  if (!actor) return <>—</>;
  if (actor.kind === 'system') return <>{translate('hpc.common.system')}</>;
  const roles = (actor.roles ?? []).map((r) => translate(`hpc.roles.${r}`, { _: r })).join(', ');
  return (
    <span>
      <strong>{actor.displayName ?? actor.username}</strong>
      {withRoles && roles ? ` (${roles})` : ''}
    </span>
  );
};
