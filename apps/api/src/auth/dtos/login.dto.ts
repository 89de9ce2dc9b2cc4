import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { UserDto } from '../../modules/users/dtos/user.dto';

export class LoginDto {
  @ApiProperty({ example: 'hc' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  username!: string;

  @ApiProperty({ example: 'demo12345' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password!: string;
}

export class LoginResponseDto {
  @ApiProperty({ description: 'HS256 JWT; send as `Authorization: Bearer <token>`' })
  accessToken!: string;

  @ApiProperty({ type: () => UserDto })
  user!: UserDto;
}
