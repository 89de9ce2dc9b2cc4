import CorporateFareIcon from '@mui/icons-material/CorporateFare';
import { lazyNamed } from '../../lazy';

const OrganisationCreate = lazyNamed(() => import('./OrganisationCreate'), 'OrganisationCreate');
const OrganisationList = lazyNamed(() => import('./OrganisationList'), 'OrganisationList');

export default {
  list: OrganisationList,
  create: OrganisationCreate,
  icon: CorporateFareIcon,
  recordRepresentation: 'name',
};
