import { AppBar as RaAppBar, LocalesMenuButton, Logout, TitlePortal, useGetIdentity, UserMenu } from 'react-admin';
import { AppLoadingIndicator } from './AppLoadingIndicator';
import { IdentityBadge } from './IdentityBadge';
import { NotificationsButton } from './NotificationsButton';

/** The user menu is named by the person it shows (its visible text), as screen readers expect. */
const NamedUserMenu = () => {
  const { identity } = useGetIdentity();
  return (
    <UserMenu label={identity?.fullName ?? 'ra.auth.user_menu'}>
      <Logout />
    </UserMenu>
  );
};

export const AppBar = () => (
  <RaAppBar
    color="primary"
    userMenu={<NamedUserMenu />}
    toolbar={
      <>
        <IdentityBadge />
        <NotificationsButton />
        <LocalesMenuButton />
        <AppLoadingIndicator />
      </>
    }
    // On a phone the title wraps onto two smaller lines instead of being cut ("Process (").
    sx={{
      '& #react-admin-title': {
        fontSize: { xs: '0.95rem', sm: '1.25rem' },
        lineHeight: 1.2,
        whiteSpace: { xs: 'normal', sm: 'nowrap' },
        overflowWrap: 'anywhere',
        display: '-webkit-box',
        WebkitLineClamp: { xs: 2, sm: 1 },
        WebkitBoxOrient: 'vertical',
        overflow: 'hidden',
      },
    }}
  >
    <TitlePortal />
  </RaAppBar>
);
