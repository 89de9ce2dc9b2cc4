import { CaseTitle } from '../../components/CaseTitle';
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
import { ClusterMembers } from './ClusterMembers';

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
        <TextField source="coordinatorName" emptyText="—" />
        <TextField source="informationManagerName" emptyText="—" />
        <StatusField prefix="hpc.cluster_statuses" />
        <DateTimeField source="activatedAt" showTime emptyText="—" />
        <Labeled label="hpc.clusters.outline_due">
          <OutlineDueField showDate />
        </Labeled>
        {/* Protection's Areas of Responsibility hang under it (PROCESSES.md, Cluster). */}
        <ReferenceManyField reference="clusters" target="parentClusterId" label="hpc.clusters.areas_of_responsibility" sort={{ field: 'sector', order: 'ASC' }}>
          <DataTable rowClick="show" bulkActionButtons={false} empty={<Typography variant="body2">—</Typography>}>
            <DataTable.Col source="sector">
              <EnumField source="sector" prefix="hpc.sectors" />
            </DataTable.Col>
            <DataTable.Col source="leadAgency" />
            <DataTable.Col source="status">
              <StatusField prefix="hpc.cluster_statuses" />
            </DataTable.Col>
          </DataTable>
        </ReferenceManyField>
        <ClusterMembers />
        <Typography variant="h6" sx={{ mt: 2 }}>
          {translate('hpc.clusters.processes')}
        </Typography>
        <ReferenceManyField reference="processes" target="clusterId" sort={{ field: 'startedAt', order: 'DESC' }} label={false}>
          <DataTable rowClick="show" bulkActionButtons={false} empty={<Typography variant="body2">{translate('hpc.common.nothing')}</Typography>}>
            <DataTable.Col source="type">
              <EnumField source="type" prefix="hpc.process_types" />
            </DataTable.Col>
            <DataTable.Col source="title">
              <CaseTitle />
            </DataTable.Col>
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
