import { AppBar as RaAppBar, LoadingIndicator, LocalesMenuButton, Logout, TitlePortal, UserMenu } from 'react-admin';
import { IdentityBadge } from './IdentityBadge';
import { NotificationsButton } from './NotificationsButton';

export const AppBar = () => (
  <RaAppBar
    color="primary"
    userMenu={
      <UserMenu>
        <Logout />
      </UserMenu>
    }
    toolbar={
      <>
        <IdentityBadge />
        <NotificationsButton />
        <LocalesMenuButton />
        <LoadingIndicator />
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
