import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, MaxLength } from 'class-validator';
import { Trim } from '@silkcart/shared';

export class PrivacyExportQuery {
  @ApiProperty({ format: 'email', description: 'Matched in any case' })
  @Trim()
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email: string;
}

export class PrivacyEraseDto {
  @ApiProperty({ format: 'email', description: 'Matched in any case' })
  @Trim()
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email: string;
}
