import DashboardIcon from '@mui/icons-material/Dashboard';
import { Menu as RaMenu, useCanAccess, useResourceDefinitions } from 'react-admin';

const ResourceItem = ({ name }: { name: string }) => {
  const resources = useResourceDefinitions();
  const { canAccess } = useCanAccess({ resource: name, action: 'list' });
  return canAccess && resources[name] ? <RaMenu.ResourceItem name={name} /> : null;
};

/** Inbox first (the landing page), then the cases, then reference data; items follow permissions. */
export const Menu = () => (
  <RaMenu>
    <ResourceItem name="tasks" />
    <RaMenu.Item to="/dashboard" primaryText="hpc.dashboard.title" leftIcon={<DashboardIcon />} />
    <ResourceItem name="processes" />
    <ResourceItem name="clusters" />
    <ResourceItem name="operations" />
    <ResourceItem name="organisations" />
    <ResourceItem name="users" />
  </RaMenu>
);
