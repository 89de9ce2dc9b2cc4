import { EditButton, Show, SimpleShowLayout, TextField, TopToolbar, usePermissions } from 'react-admin';
import { EnumField } from '../../components/fields';
import { OperationSettingsCard } from './OperationSettingsCard';

const Actions = () => {
  const { permissions = [] } = usePermissions<string[]>();
  return <TopToolbar>{permissions.includes('admin') && <EditButton />}</TopToolbar>;
};

/** An operation and its settings (editable by an admin and the operation's OCHA). */
export const OperationShow = () => (
  <Show actions={<Actions />}>
    <SimpleShowLayout>
      <TextField source="name" />
      <TextField source="countryIso3" />
      <EnumField source="type" prefix="hpc.operation_types" />
      <OperationSettingsCard />
    </SimpleShowLayout>
  </Show>
);
