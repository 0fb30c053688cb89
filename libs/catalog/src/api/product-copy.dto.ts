import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsString,
  Length,
  Matches,
  ValidateBy,
} from 'class-validator';
import { IsOptionalButNotNull } from '@silkcart/shared';
import { COPY_TONES, type CopyTone } from '../domain/product-copy';

/** A well-formed BCP 47 language tag (`en`, `fr-CA`, `zh-Hant-TW`), as Intl reads them. */
const IsLanguageTag = () =>
  ValidateBy({
    name: 'isLanguageTag',
    validator: {
      validate: (value: unknown) => {
        if (typeof value !== 'string' || value.length > 35) return false;
        try {
          return Intl.getCanonicalLocales(value).length === 1;
        } catch {
          return false;
        }
      },
      defaultMessage: () => 'language must be a BCP 47 language tag such as en or fr-CA',
    },
  });

export class ProductCopyDto {
  @ApiPropertyOptional({ enum: COPY_TONES, default: 'neutral' })
  @IsOptionalButNotNull()
  @IsIn(COPY_TONES)
  tone?: CopyTone;

  @ApiPropertyOptional({
    description: 'BCP 47 language tag of the description',
    default: 'en',
    example: 'en',
    maxLength: 35,
    pattern: '^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$',
  })
  @IsOptionalButNotNull()
  @IsLanguageTag()
  language?: string;

  @ApiPropertyOptional({
    type: [String],
    maxItems: 10,
    example: ['linen', 'summer'],
    description: 'At most 10 words or phrases to work in, each 1-50 characters',
  })
  @IsOptionalButNotNull()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @Length(1, 50, { each: true })
  @Matches(/\S/, { each: true, message: 'each keyword must hold more than spaces' })
  keywords?: string[];
}
