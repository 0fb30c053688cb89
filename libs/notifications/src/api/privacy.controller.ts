import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Allow, Audit, Ctx, Idempotent, RequestContext } from '@silkcart/shared';
import { ErasePersonalData, ExportPersonalData } from '../application/privacy.use-cases';
import { PrivacyErasureView, PrivacyExportView } from '../application/privacy.views';
import { PrivacyEraseDto, PrivacyExportQuery } from './privacy.dto';

@ApiTags('privacy')
@ApiBearerAuth()
@ApiParam({ name: 'storeId', format: 'uuid' })
@Controller('stores/:storeId/privacy')
export class PrivacyController {
  constructor(
    private readonly exportData: ExportPersonalData,
    private readonly eraseData: ErasePersonalData,
  ) {}

  @Get('export')
  @Allow('store.manage')
  @ApiResponse({ status: 200, type: PrivacyExportView })
  @ApiResponse({ status: 400, description: '`email` missing or not an email address' })
  export(
    @Ctx() ctx: RequestContext,
    @Query() query: PrivacyExportQuery,
  ): Promise<PrivacyExportView> {
    return this.exportData.execute(ctx, query.email);
  }

  @Post('erase')
  @HttpCode(200)
  @Allow('store.manage')
  @Idempotent()
  // The entry names the action only: the answer has no `id`, and the email stays out of it.
  @Audit('privacy.erased')
  @ApiResponse({
    status: 200,
    type: PrivacyErasureView,
    description: 'What changed; zeros when nothing about the email is left',
  })
  @ApiResponse({ status: 400, description: '`email` missing or not an email address' })
  erase(@Ctx() ctx: RequestContext, @Body() dto: PrivacyEraseDto): Promise<PrivacyErasureView> {
    return this.eraseData.execute(ctx, dto.email);
  }
}
