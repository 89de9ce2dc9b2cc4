import PeopleIcon from '@mui/icons-material/People';
import { lazyNamed } from '../../lazy';

const UserCreate = lazyNamed(() => import('./UserCreate'), 'UserCreate');
const UserEdit = lazyNamed(() => import('./UserEdit'), 'UserEdit');
const UserList = lazyNamed(() => import('./UserList'), 'UserList');

export default {
  list: UserList,
  create: UserCreate,
  edit: UserEdit,
  icon: PeopleIcon,
  recordRepresentation: 'displayName',
};
