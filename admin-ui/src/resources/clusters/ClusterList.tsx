import { DateTimeField } from '../../components/DateTimeField';
import { DataTable, List, ReferenceField, ReferenceInput, SelectInput, TextField } from 'react-admin';
import { clusterStatusChoices, sectorChoices } from '../../components/choices';
import { EnumField, StatusField } from '../../components/fields';
import { OutlineDueField } from '../../components/OutlineDueField';

const filters = [
  <ReferenceInput key="operationId" source="operationId" reference="operations" sort={{ field: 'name', order: 'ASC' }} alwaysOn>
    <SelectInput optionText="name" />
  </ReferenceInput>,
  <SelectInput key="sector" source="sector" choices={sectorChoices} alwaysOn />,
  <SelectInput key="status" source="status" choices={clusterStatusChoices} alwaysOn />,
];

export const ClusterList = () => (
  <List filters={filters} sort={{ field: 'sector', order: 'ASC' }}>
    <DataTable rowClick="show" bulkActionButtons={false}>
      <DataTable.Col source="operationId">
        <ReferenceField source="operationId" reference="operations" link={false}>
          <TextField source="name" />
        </ReferenceField>
      </DataTable.Col>
      <DataTable.Col source="sector">
        <EnumField source="sector" prefix="hpc.sectors" />
      </DataTable.Col>
      <DataTable.Col source="leadAgency" />
      <DataTable.Col source="status">
        <StatusField prefix="hpc.cluster_statuses" />
      </DataTable.Col>
      <DataTable.Col source="activatedAt">
        <DateTimeField source="activatedAt" emptyText="—" />
      </DataTable.Col>
      <DataTable.Col label="hpc.clusters.outline" disableSort>
        <OutlineDueField />
      </DataTable.Col>
    </DataTable>
  </List>
);
