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
  >
    <TitlePortal />
  </RaAppBar>
);
