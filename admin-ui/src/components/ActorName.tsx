import { useTranslate } from 'react-admin';

type ActorLike = { kind?: string; displayName?: string; username?: string; roles?: readonly string[] } | null | undefined;

/** "Hana Coordinator (Humanitarian Coordinator)" for a user, "System" for timers and automatic steps. */
export const ActorName = ({ actor, withRoles = true }: { actor: ActorLike; withRoles?: boolean }) => {
  const translate = useTranslate();
  if (!actor) return <>—</>;
  if (actor.kind === 'system') return <>{translate('hpc.common.system')}</>;
  const name = actor.displayName ?? actor.username ?? '';
  // Each role once, and none when the display name already carries the person's title ("… (Humanitarian Coordinator, South Sudan)").
  const titled = /\(.+\)\s*$/.test(name);
  const roles = titled ? [] : [...new Set(actor.roles ?? [])].map((r) => translate(`hpc.roles.${r}`, { _: r }));
  return (
    <span data-testid="actor-name">
      {/* A person's name keeps its own direction inside Arabic (or any) text. */}
      <bdi>
        <strong>{name}</strong>
      </bdi>
      {withRoles && roles.length > 0 ? ` (${roles.join(', ')})` : ''}
    </span>
  );
};
