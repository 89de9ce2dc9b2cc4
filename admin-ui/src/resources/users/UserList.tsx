import { DateTimeField } from '../../components/DateTimeField';
import { BooleanField, CreateButton, DataTable, ExportButton, List, TextField, TopToolbar } from 'react-admin';
import { RolesField, ScopesField } from '../../components/fields';
import { SignUpSetting } from './SignUpSetting';

const Actions = () => (
  <TopToolbar>
    <SignUpSetting />
    <CreateButton />
    <ExportButton />
  </TopToolbar>
);

export const UserList = () => (
  <List sort={{ field: 'username', order: 'ASC' }} actions={<Actions />}>
    <DataTable rowClick="edit" bulkActionButtons={false}>
      <DataTable.Col source="username" />
      <DataTable.Col source="displayName" />
      <DataTable.Col source="roles" disableSort>
        <RolesField />
      </DataTable.Col>
      <DataTable.Col source="clusterScopes" disableSort>
        <ScopesField />
      </DataTable.Col>
      <DataTable.Col source="organisationId" disableSort>
        <TextField source="organisationName" emptyText="—" />
      </DataTable.Col>
      <DataTable.Col source="active">
        <BooleanField source="active" />
      </DataTable.Col>
      <DataTable.Col source="createdAt">
        <DateTimeField source="createdAt" />
      </DataTable.Col>
    </DataTable>
  </List>
);
