import type { ReactNode } from 'react';
import { Layout as RaLayout } from 'react-admin';
import { AppBar } from './AppBar';
import { DirectionProvider } from './Direction';
import { Menu } from './Menu';

export const Layout = ({ children }: { children: ReactNode }) => (
  <DirectionProvider>
    <RaLayout appBar={AppBar} menu={Menu}>
      {children}
    </RaLayout>
  </DirectionProvider>
);
