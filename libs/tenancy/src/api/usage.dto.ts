import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class SetPlanDto {
  @ApiProperty({
    example: 'pro',
    description: 'A plan of PLANS (free, pro, enterprise by default)',
  })
  @IsString()
  @Length(1, 40)
  plan: string;
}
