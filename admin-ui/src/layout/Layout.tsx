import type { ReactNode } from 'react';
import { Layout as RaLayout } from 'react-admin';
import { AppBar } from './AppBar';
import { DirectionProvider } from './Direction';
import { Menu } from './Menu';
import { LiveUpdates } from '../live';

export const Layout = ({ children }: { children: ReactNode }) => (
  <DirectionProvider>
    <LiveUpdates>
      <RaLayout appBar={AppBar} menu={Menu}>
        {children}
      </RaLayout>
    </LiveUpdates>
  </DirectionProvider>
);
