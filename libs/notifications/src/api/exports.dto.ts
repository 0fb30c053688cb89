import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsDefined,
  IsIn,
  IsISO8601,
  IsNotEmpty,
  IsObject,
  IsString,
  MaxLength,
  ValidateBy,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsOptionalButNotNull } from '@silkcart/shared';
import {
  EXPORT_FORMATS,
  EXPORT_TYPES,
  SCHEDULE_INTERVALS,
  type ExportFormat,
  type ExportType,
  type ScheduleInterval,
} from '../domain/export';

export class SheetsDestinationDto {
  @ApiProperty({ example: '1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms', maxLength: 200 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  spreadsheetId: string;

  @ApiProperty({ example: 'Orders', maxLength: 100 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  sheetName: string;
}

/**
 * `destination`: required for google-sheets, refused for csv (a 400 naming it either way).
 */
const Destination = () =>
  applyDecorators(
    ValidateIf(
      (o: { format?: unknown; destination?: unknown }) =>
        o.format === 'google-sheets' || o.destination !== undefined,
    ),
    IsDefined({ message: 'destination is required for google-sheets' }),
    ValidateBy({
      name: 'destinationFitsFormat',
      validator: {
        validate: (_: unknown, args) => (args?.object as { format?: unknown }).format !== 'csv',
        defaultMessage: () => 'destination is only taken for google-sheets',
      },
    }),
    IsObject(),
    ValidateNested(),
    Type(() => SheetsDestinationDto),
  );

export class CreateExportDto {
  @ApiProperty({ enum: EXPORT_TYPES })
  @IsIn(EXPORT_TYPES)
  type: ExportType;

  @ApiProperty({ enum: EXPORT_FORMATS })
  @IsIn(EXPORT_FORMATS)
  format: ExportFormat;

  @ApiPropertyOptional({ type: SheetsDestinationDto, description: 'For google-sheets only' })
  @Destination()
  destination?: SheetsDestinationDto;

  @ApiPropertyOptional({
    format: 'date-time',
    example: '2026-01-01T00:00:00Z',
    description: 'Keep the rows created or changed since then',
  })
  @IsOptionalButNotNull()
  @IsISO8601({ strict: true })
  updatedSince?: string;

  @ApiPropertyOptional({ default: false, description: 'Count the rows, write nothing' })
  @IsOptionalButNotNull()
  @IsBoolean()
  dryRun?: boolean;
}

export class CreateExportScheduleDto {
  @ApiProperty({ enum: EXPORT_TYPES })
  @IsIn(EXPORT_TYPES)
  type: ExportType;

  @ApiProperty({ enum: EXPORT_FORMATS })
  @IsIn(EXPORT_FORMATS)
  format: ExportFormat;

  @ApiPropertyOptional({ type: SheetsDestinationDto, description: 'For google-sheets only' })
  @Destination()
  destination?: SheetsDestinationDto;

  @ApiProperty({ enum: SCHEDULE_INTERVALS })
  @IsIn(SCHEDULE_INTERVALS)
  every: ScheduleInterval;
}
