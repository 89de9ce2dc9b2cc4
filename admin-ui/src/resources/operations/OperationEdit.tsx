import { Edit } from 'react-admin';
import { OperationForm, toOperationPayload } from './OperationForm';

export const OperationEdit = () => (
  <Edit mutationMode="pessimistic" redirect="list" transform={toOperationPayload}>
    <OperationForm />
  </Edit>
);
