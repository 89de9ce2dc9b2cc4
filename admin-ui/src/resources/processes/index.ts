import AccountTreeIcon from '@mui/icons-material/AccountTree';
import { ProcessCreate } from './ProcessCreate';
import { ProcessList } from './ProcessList';
import { ProcessShow } from './ProcessShow';

export default {
  list: ProcessList,
  show: ProcessShow,
  create: ProcessCreate,
  icon: AccountTreeIcon,
  recordRepresentation: 'title',
};
