import { DateTimeField } from '../../components/DateTimeField';
import {
  DataTable,
  Labeled,
  ReferenceField,
  ReferenceManyField,
  Show,
  SimpleShowLayout,
  TextField,
  useTranslate,
} from 'react-admin';
import { Typography } from '@mui/material';
import { EnumField, StatusField } from '../../components/fields';
import { OutlineDueField } from '../../components/OutlineDueField';

export const ClusterShow = () => {
  const translate = useTranslate();
  return (
    <Show>
      <SimpleShowLayout>
        <ReferenceField source="operationId" reference="operations">
          <TextField source="name" />
        </ReferenceField>
        <EnumField source="sector" prefix="hpc.sectors" />
        <ReferenceField source="parentClusterId" reference="clusters" emptyText="—">
          <EnumField source="sector" prefix="hpc.sectors" />
        </ReferenceField>
        <TextField source="leadAgency" />
        <TextField source="coLeadAgency" emptyText="—" />
        <StatusField prefix="hpc.cluster_statuses" />
        <DateTimeField source="activatedAt" showTime emptyText="—" />
        <Labeled label="hpc.clusters.outline">
          <OutlineDueField />
        </Labeled>
        <Typography variant="h6" sx={{ mt: 2 }}>
          {translate('hpc.clusters.processes')}
        </Typography>
        <ReferenceManyField reference="processes" target="clusterId" sort={{ field: 'startedAt', order: 'DESC' }} label={false}>
          <DataTable rowClick="show" bulkActionButtons={false} empty={<Typography variant="body2">{translate('hpc.common.nothing')}</Typography>}>
            <DataTable.Col source="type">
              <EnumField source="type" prefix="hpc.process_types" />
            </DataTable.Col>
            <DataTable.Col source="title" />
            <DataTable.Col source="status">
              <StatusField prefix="hpc.process_statuses" />
            </DataTable.Col>
            <DataTable.Col source="startedAt">
              <DateTimeField source="startedAt" />
            </DataTable.Col>
          </DataTable>
        </ReferenceManyField>
      </SimpleShowLayout>
    </Show>
  );
};
