import PeopleIcon from '@mui/icons-material/People';
import { guarded } from '../../components/Guarded';
import { lazyNamed } from '../../lazy';

const UserCreate = lazyNamed(() => import('./UserCreate'), 'UserCreate');
const UserEdit = lazyNamed(() => import('./UserEdit'), 'UserEdit');
const UserList = lazyNamed(() => import('./UserList'), 'UserList');

// Administration only: refused in the console before any request to /api/users.
export default {
  list: guarded(UserList, 'users', 'list'),
  create: guarded(UserCreate, 'users', 'create'),
  edit: guarded(UserEdit, 'users', 'edit'),
  icon: PeopleIcon,
  recordRepresentation: 'displayName',
};
