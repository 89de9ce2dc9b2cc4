import CorporateFareIcon from '@mui/icons-material/CorporateFare';
import { OrganisationCreate } from './OrganisationCreate';
import { OrganisationList } from './OrganisationList';

export default {
  list: OrganisationList,
  create: OrganisationCreate,
  icon: CorporateFareIcon,
  recordRepresentation: 'name',
};
