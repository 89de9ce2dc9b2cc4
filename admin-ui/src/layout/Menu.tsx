import DashboardIcon from '@mui/icons-material/Dashboard';
import FactCheckIcon from '@mui/icons-material/FactCheck';
import InsightsIcon from '@mui/icons-material/Insights';
import TimelineIcon from '@mui/icons-material/Timeline';
import { Menu as RaMenu, useCanAccess, usePermissions, useResourceDefinitions } from 'react-admin';

const ResourceItem = ({ name }: { name: string }) => {
  const resources = useResourceDefinitions();
  const { canAccess } = useCanAccess({ resource: name, action: 'list' });
  return canAccess && resources[name] ? <RaMenu.ResourceItem name={name} /> : null;
};

/** Roles that take part in the HPC cycle: they get its pages (the API scopes what each reads). */
const HPC_ROLES = ['admin', 'auditor', 'erc', 'ocha', 'hc', 'cluster_lead'];

const HpcItem = () => {
  const { permissions } = usePermissions<string[]>();
  return Array.isArray(permissions) && permissions.some((r) => HPC_ROLES.includes(r)) ? (
    <RaMenu.Item to="/hpc" primaryText="hpc.process_types.hpc-cycle" leftIcon={<TimelineIcon />} data-testid="menu-hpc" />
  ) : null;
};

/** Roles that read duty compliance (the API scopes it to the operation's HC and OCHA and the cluster's leads). */
const COMPLIANCE_ROLES = ['admin', 'auditor', 'ocha', 'hc', 'cluster_lead'];

const ComplianceItem = () => {
  const { permissions } = usePermissions<string[]>();
  return Array.isArray(permissions) && permissions.some((r) => COMPLIANCE_ROLES.includes(r)) ? (
    <>
      <RaMenu.Item to="/duties/compliance" primaryText="hpc.duties.compliance" leftIcon={<FactCheckIcon />} data-testid="menu-compliance" />
      <RaMenu.Item to="/ccpm" primaryText="hpc.ccpm.report" leftIcon={<InsightsIcon />} data-testid="menu-ccpm" />
    </>
  ) : null;
};

/**
 * Inbox first (the landing page), then the cases, then reference data; items follow permissions. Long names wrap
 * ("Cycle de programme humanitaire" in French), never cut.
 */
export const Menu = () => (
  <RaMenu sx={{ '& .MuiMenuItem-root .MuiTypography-noWrap': { whiteSpace: 'normal', overflow: 'visible' }, '& .MuiMenuItem-root': { whiteSpace: 'normal' } }}>
    <ResourceItem name="tasks" />
    <RaMenu.Item to="/dashboard" primaryText="hpc.dashboard.title" leftIcon={<DashboardIcon />} />
    <HpcItem />
    <ComplianceItem />
    <ResourceItem name="processes" />
    <ResourceItem name="clusters" />
    <ResourceItem name="operations" />
    <ResourceItem name="organisations" />
    <ResourceItem name="users" />
  </RaMenu>
);
