import {
  ArrayInput,
  BooleanInput,
  PasswordInput,
  ReferenceArrayInput,
  ReferenceInput,
  required,
  SelectArrayInput,
  SelectInput,
  SimpleForm,
  SimpleFormIterator,
  TextInput,
  minLength,
} from 'react-admin';
import { roleChoices, sectorChoices } from '../../components/choices';
import { useSignInOptions } from '../../signInOptions';

/** Shared by create and edit; on edit the password is optional (blank keeps the current one). */
export const UserForm = ({ mode }: { mode: 'create' | 'edit' }) => {
  const signIn = useSignInOptions();
  return (
    <SimpleForm>
      <TextInput source="username" validate={[required(), minLength(2)]} disabled={mode === 'edit'} />
      <TextInput source="displayName" validate={required()} />
      <PasswordInput
        source="password"
        validate={mode === 'create' ? [required(), minLength(8)] : [minLength(8)]}
        helperText={mode === 'edit' ? 'hpc.users.password_keep' : undefined}
        autoComplete="new-password"
      />
      <SelectArrayInput source="roles" choices={roleChoices} validate={required()} />
      <ArrayInput source="clusterScopes" helperText="hpc.users.scopes_help">
        <SimpleFormIterator inline disableReordering>
          <ReferenceInput source="operationId" reference="operations" sort={{ field: 'name', order: 'ASC' }}>
            <SelectInput optionText="name" validate={required()} label="hpc.users.scope_operation" />
          </ReferenceInput>
          <SelectInput source="sector" choices={sectorChoices} validate={required()} label="hpc.users.scope_sector" />
        </SimpleFormIterator>
      </ArrayInput>
      <ReferenceArrayInput source="operationScopes" reference="operations" sort={{ field: 'name', order: 'ASC' }}>
        <SelectArrayInput optionText="name" label="resources.users.fields.operationScopes" helperText="hpc.users.operation_scopes_help" />
      </ReferenceArrayInput>
      <ReferenceInput source="organisationId" reference="organisations" sort={{ field: 'name', order: 'ASC' }}>
        <SelectInput optionText="name" emptyText="hpc.common.none" helperText="hpc.users.organisation_help" />
      </ReferenceInput>
      <BooleanInput source="authorisedSignatory" />
      {mode === 'edit' && <BooleanInput source="active" />}
      {mode === 'edit' && signIn?.enabled && (
        <BooleanInput source="rolesFromIdp" helperText="hpc.users.roles_from_idp_help" data-testid="roles-from-idp" />
      )}
    </SimpleForm>
  );
};

/** Only the fields the API accepts: its ValidationPipe refuses unknown properties. */
export function toUserPayload(data: Record<string, any>, mode: 'create' | 'edit') {
  const payload: Record<string, unknown> = {
    displayName: data.displayName,
    roles: data.roles ?? [],
    clusterScopes: (data.clusterScopes ?? []).map((s: any) => ({ operationId: s.operationId, sector: s.sector })),
    operationScopes: data.operationScopes ?? [],
    organisationId: data.organisationId || null,
    authorisedSignatory: data.authorisedSignatory === true,
  };
  if (mode === 'create') payload.username = data.username;
  if (mode === 'edit' && typeof data.active === 'boolean') payload.active = data.active;
  if (mode === 'edit' && typeof data.rolesFromIdp === 'boolean') payload.rolesFromIdp = data.rolesFromIdp;
  if (data.password) payload.password = data.password;
  return payload;
}
