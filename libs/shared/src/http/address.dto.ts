import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO31661Alpha2, IsString, Length, MaxLength } from 'class-validator';
import { IsOptionalButNotNull } from './nested';
import { Trim } from './trim';

/** A postal address: an order's shipping address, a customer's saved address. */
export class AddressDto {
  @ApiProperty({ maxLength: 200 })
  @Trim()
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({ maxLength: 200 })
  @Trim()
  @IsString()
  @Length(1, 200)
  line1: string;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptionalButNotNull()
  @Trim()
  @IsString()
  @MaxLength(200)
  line2?: string;

  @ApiProperty({ maxLength: 100 })
  @Trim()
  @IsString()
  @Length(1, 100)
  city: string;

  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptionalButNotNull()
  @Trim()
  @IsString()
  @Length(1, 100)
  region?: string;

  @ApiProperty({ maxLength: 20 })
  @Trim()
  @IsString()
  @Length(1, 20)
  postalCode: string;

  @ApiProperty({ example: 'FR', description: 'ISO-3166 alpha-2' })
  @IsISO31661Alpha2({ message: 'country must be an ISO-3166 alpha-2 code' })
  country: string;

  @ApiPropertyOptional({ maxLength: 40 })
  @IsOptionalButNotNull()
  @IsString()
  @MaxLength(40)
  phone?: string;
}
