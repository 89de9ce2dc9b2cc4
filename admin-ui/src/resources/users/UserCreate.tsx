import { Create } from 'react-admin';
import { toUserPayload, UserForm } from './UserForm';

export const UserCreate = () => (
  <Create redirect="list" transform={(data: Record<string, any>) => toUserPayload(data, 'create')}>
    <UserForm mode="create" />
  </Create>
);
