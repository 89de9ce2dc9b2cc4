import { Edit } from 'react-admin';
import { toUserPayload, UserForm } from './UserForm';

export const UserEdit = () => (
  <Edit mutationMode="pessimistic" redirect="list" transform={(data: Record<string, any>) => toUserPayload(data, 'edit')}>
    <UserForm mode="edit" />
  </Edit>
);
