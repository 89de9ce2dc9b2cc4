import { Admin, CustomRoutes, Resource } from 'react-admin';
import { Route } from 'react-router-dom';
import { authProvider } from './authProvider';
import { dataProvider } from './dataProvider';
import { i18nProvider } from './i18n';
import { Layout, LoginPage } from './layout';
import clusters from './resources/clusters';
import processes from './resources/processes';
import tasks from './resources/tasks';
import operations from './resources/operations';
import organisations from './resources/organisations';
import users from './resources/users';
import { hpcRoutes } from './resources/hpc';
import { pooledFundRoutes } from './resources/pooled-funds';
import { dutyRoutes } from './resources/duties';
import { ccpmRoutes } from './resources/ccpm';
import { lazyNamed } from './lazy';
import { theme } from './theme';

const Dashboard = lazyNamed(() => import('./dashboard/Dashboard'), 'Dashboard');

export const App = () => (
  <Admin
    title="HPC Flow"
    dataProvider={dataProvider}
    authProvider={authProvider}
    i18nProvider={i18nProvider}
    layout={Layout}
    loginPage={LoginPage}
    theme={theme}
    requireAuth
    disableTelemetry
  >
    <Resource name="tasks" {...tasks} />
    <Resource name="processes" {...processes} />
    <Resource name="clusters" {...clusters} />
    <Resource name="operations" {...operations} />
    <Resource name="organisations" {...organisations} />
    <Resource name="users" {...users} />
    <Resource name="notifications" />
    <CustomRoutes>
      <Route path="/dashboard" element={<Dashboard />} />
      {hpcRoutes}
      {pooledFundRoutes}
      {dutyRoutes}
      {ccpmRoutes}
    </CustomRoutes>
  </Admin>
);
