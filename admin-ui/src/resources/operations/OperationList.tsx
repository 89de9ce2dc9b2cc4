import { DateTimeField } from '../../components/DateTimeField';
import { DataTable, List } from 'react-admin';
import { EnumField } from '../../components/fields';

export const OperationList = () => (
  <List sort={{ field: 'name', order: 'ASC' }}>
    <DataTable rowClick="show" bulkActionButtons={false}>
      <DataTable.Col source="name" />
      <DataTable.Col source="countryIso3" />
      <DataTable.Col source="type">
        <EnumField source="type" prefix="hpc.operation_types" />
      </DataTable.Col>
      <DataTable.Col source="createdAt">
        <DateTimeField source="createdAt" />
      </DataTable.Col>
    </DataTable>
  </List>
);
