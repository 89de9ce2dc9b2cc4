import { Create, required, SelectInput, SimpleForm, TextInput } from 'react-admin';
import { organisationTypeChoices } from '../../components/choices';

export const OrganisationCreate = () => (
  <Create redirect="list" transform={(d: Record<string, any>) => ({ name: d.name, type: d.type })}>
    <SimpleForm>
      <TextInput source="name" validate={required()} />
      <SelectInput source="type" choices={organisationTypeChoices} validate={required()} />
    </SimpleForm>
  </Create>
);
