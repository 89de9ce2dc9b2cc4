import { Create } from 'react-admin';
import { OperationForm, toOperationPayload } from './OperationForm';

export const OperationCreate = () => (
  <Create redirect="list" transform={toOperationPayload}>
    <OperationForm />
  </Create>
);
