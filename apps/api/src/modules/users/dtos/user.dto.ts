import { ApiProperty, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
  registerDecorator,
  type ValidationArguments,
} from 'class-validator';
import { ALL_SECTORS, ROLES, type Role } from '@hpc/workflows/domain';

export class ClusterScopeDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  operationId!: string;

  @ApiProperty({ enum: ALL_SECTORS })
  @IsIn(ALL_SECTORS)
  sector!: string;
}

/**
 * Cross-field rule, declared on `roles` (always present) because @IsOptional would skip it on the
 * missing field: when roles include `role`, `field` must be a non-empty value.
 */
function RoleRequires(role: Role, field: string, message: string): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: `roleRequires_${field}`,
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message },
      validator: {
        validate(roles: unknown, args: ValidationArguments): boolean {
          if (!Array.isArray(roles) || !roles.includes(role)) return true;
          const value = (args.object as Record<string, unknown>)[field];
          return Array.isArray(value) ? value.length > 0 : typeof value === 'string' && value.length > 0;
        },
      },
    });
}

export const CLUSTER_LEAD_NEEDS_SCOPE = 'clusterScopes must contain at least one scope when roles include cluster_lead';
export const PARTNER_NEEDS_ORGANISATION = 'organisationId is required when roles include partner';
export const SIGNATORY_NEEDS_PARTNER = 'authorisedSignatory may be true only when roles include partner';

const USERNAME = /^[a-z0-9][a-z0-9._-]*$/i;

export class CreateUserDto {
  @ApiProperty({ example: 'lead.wash' })
  @IsString()
  @MinLength(2)
  @MaxLength(64)
  @Matches(USERNAME, { message: 'username may contain only letters, digits, dots, dashes and underscores, starting with a letter or digit' })
  username!: string;

  @ApiProperty({ example: 'Grace Akol' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  displayName!: string;

  @ApiProperty({ minLength: 8, writeOnly: true })
  @IsString()
  @MinLength(8)
  @MaxLength(200)
  password!: string;

  @ApiProperty({ enum: ROLES, isArray: true })
  @IsArray()
  @ArrayMaxSize(ROLES.length)
  @IsIn(ROLES, { each: true })
  @RoleRequires('cluster_lead', 'clusterScopes', CLUSTER_LEAD_NEEDS_SCOPE)
  @RoleRequires('partner', 'organisationId', PARTNER_NEEDS_ORGANISATION)
  roles!: Role[];

  @ApiProperty({ type: () => [ClusterScopeDto], required: false, default: [] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => ClusterScopeDto)
  clusterScopes?: ClusterScopeDto[];

  @ApiProperty({ type: [String], format: 'uuid', required: false, default: [], description: 'operations an hc, ocha or advisory_board user acts in' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsUUID(undefined, { each: true })
  operationScopes?: string[];

  @ApiProperty({ format: 'uuid', required: false, nullable: true })
  @IsOptional()
  @IsUUID()
  organisationId?: string | null;

  @ApiProperty({ required: false, default: false, description: 'a partner who may countersign grant agreements for their organisation' })
  @IsOptional()
  @IsBoolean()
  authorisedSignatory?: boolean;

  @ApiProperty({ required: false, default: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

/**
 * PUT: any subset of the create fields but the username; the cross-field role rules are checked on the
 * merged result (so `roles` is redeclared without them).
 */
export class UpdateUserDto extends PartialType(OmitType(CreateUserDto, ['username', 'roles'] as const)) {
  @ApiProperty({ enum: ROLES, isArray: true, required: false })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(ROLES.length)
  @IsIn(ROLES, { each: true })
  roles?: Role[];

  @ApiProperty({ required: false, description: "each OpenID Connect sign-in replaces roles and scopes with the provider's role mapping (OIDC_ROLE_MAPPING); false: the admin's stay" })
  @IsOptional()
  @IsBoolean()
  rolesFromIdp?: boolean;
}

/** A user as the API returns it: never the password hash. */
export class UserDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() username!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: ROLES, isArray: true }) roles!: Role[];
  @ApiProperty({ type: () => [ClusterScopeDto] }) clusterScopes!: ClusterScopeDto[];
  @ApiProperty({ type: [String], format: 'uuid' }) operationScopes!: string[];
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) organisationId!: string | null;
  @ApiProperty({ nullable: true, type: String }) organisationName!: string | null;
  @ApiProperty() authorisedSignatory!: boolean;
  @ApiProperty() active!: boolean;
  @ApiProperty({ description: "roles and scopes come from the OpenID provider's role mapping at each sign-in" }) rolesFromIdp!: boolean;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}
