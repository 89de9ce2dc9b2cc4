import { DateTimeField } from '../../components/DateTimeField';
import { DataTable, List } from 'react-admin';
import { EnumField } from '../../components/fields';

export const OrganisationList = () => (
  <List sort={{ field: 'name', order: 'ASC' }}>
    <DataTable bulkActionButtons={false} rowClick={false}>
      <DataTable.Col source="name" />
      <DataTable.Col source="type">
        <EnumField source="type" prefix="hpc.organisation_types" />
      </DataTable.Col>
      <DataTable.Col source="createdAt">
        <DateTimeField source="createdAt" />
      </DataTable.Col>
    </DataTable>
  </List>
);
