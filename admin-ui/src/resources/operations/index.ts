import PublicIcon from '@mui/icons-material/Public';
import { lazyNamed } from '../../lazy';

const OperationCreate = lazyNamed(() => import('./OperationCreate'), 'OperationCreate');
const OperationEdit = lazyNamed(() => import('./OperationEdit'), 'OperationEdit');
const OperationList = lazyNamed(() => import('./OperationList'), 'OperationList');
const OperationShow = lazyNamed(() => import('./OperationShow'), 'OperationShow');

export default {
  list: OperationList,
  create: OperationCreate,
  edit: OperationEdit,
  show: OperationShow,
  icon: PublicIcon,
  recordRepresentation: 'name',
};
