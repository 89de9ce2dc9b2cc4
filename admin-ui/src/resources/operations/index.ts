import PublicIcon from '@mui/icons-material/Public';
import { OperationCreate } from './OperationCreate';
import { OperationEdit } from './OperationEdit';
import { OperationList } from './OperationList';

export default {
  list: OperationList,
  create: OperationCreate,
  edit: OperationEdit,
  icon: PublicIcon,
  recordRepresentation: 'name',
};
