import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsString, Length, MaxLength } from 'class-validator';
import { IsOptionalButNotNull, Trim } from '@silkcart/shared';

export class RegisterDto {
  @ApiProperty({ format: 'email', example: 'ada@example.com' })
  @Trim()
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email: string;

  @ApiProperty({ minLength: 10, maxLength: 128 })
  @IsString()
  @Length(10, 128)
  password: string;

  @ApiProperty({ minLength: 1, maxLength: 100, example: 'Ada Lovelace' })
  @Trim()
  @IsString()
  @Length(1, 100)
  name: string;
}

export class SignInDto {
  @ApiProperty({ format: 'email' })
  @IsString()
  @MaxLength(254)
  email: string;

  @ApiProperty()
  @IsString()
  @MaxLength(128)
  password: string;
}

export class RefreshDto {
  @ApiProperty()
  @IsString()
  @Length(1, 200)
  refreshToken: string;
}

export class UpdateProfileDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 100 })
  @IsOptionalButNotNull()
  @Trim()
  @IsString()
  @Length(1, 100)
  name?: string;

  @ApiPropertyOptional({ minLength: 10, maxLength: 128 })
  @IsOptionalButNotNull()
  @IsString()
  @Length(10, 128)
  password?: string;

  @ApiPropertyOptional({ description: 'Required to change the password' })
  @IsOptionalButNotNull()
  @IsString()
  @MaxLength(128)
  currentPassword?: string;
}

export class ForgotPasswordDto {
  @ApiProperty({ format: 'email' })
  @Trim()
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email: string;
}

export class ResetPasswordDto {
  @ApiProperty()
  @IsString()
  @Length(1, 200)
  token: string;

  @ApiProperty({ minLength: 10, maxLength: 128 })
  @IsString()
  @Length(10, 128)
  password: string;
}
