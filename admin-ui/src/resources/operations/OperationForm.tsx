import { regex, required, SelectInput, SimpleForm, TextInput } from 'react-admin';
import { operationTypeChoices } from '../../components/choices';

export const OperationForm = () => (
  <SimpleForm>
    <TextInput source="name" validate={required()} />
    <TextInput
      source="countryIso3"
      validate={[required(), regex(/^[A-Z]{3}$/, 'hpc.validation.iso3')]}
      parse={(v: string) => (v ?? '').toUpperCase()}
      inputProps={{ maxLength: 3 }}
    />
    <SelectInput source="type" choices={operationTypeChoices} validate={required()} />
  </SimpleForm>
);

export const toOperationPayload = (d: Record<string, any>) => ({ name: d.name, countryIso3: d.countryIso3, type: d.type });
