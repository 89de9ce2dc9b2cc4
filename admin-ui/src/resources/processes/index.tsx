import AccountTreeIcon from '@mui/icons-material/AccountTree';
import { CaseTitle } from '../../components/CaseTitle';
import { lazyNamed } from '../../lazy';

const ProcessCreate = lazyNamed(() => import('./ProcessCreate'), 'ProcessCreate');
const ProcessList = lazyNamed(() => import('./ProcessList'), 'ProcessList');
const ProcessShow = lazyNamed(() => import('./ProcessShow'), 'ProcessShow');

export default {
  list: ProcessList,
  show: ProcessShow,
  create: ProcessCreate,
  icon: AccountTreeIcon,
  recordRepresentation: <CaseTitle />,
};
