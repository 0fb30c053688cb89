import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Allow, Ctx, IdParam, Idempotent, RequestContext } from '@silkcart/shared';
import { Domains } from '../application/domains';
import { DomainList, DomainView } from '../application/tenancy.views';
import { CreateDomainDto } from './stores.dto';

@ApiTags('domains')
@ApiBearerAuth()
@ApiParam({ name: 'storeId', format: 'uuid' })
@Controller('stores/:storeId/domains')
export class DomainsController {
  constructor(private readonly domains: Domains) {}

  @Post()
  @Allow('store.manage')
  @Idempotent()
  @ApiResponse({ status: 201, type: DomainView })
  @ApiResponse({ status: 409, description: 'The hostname is held by a store' })
  add(@Ctx() ctx: RequestContext, @Body() dto: CreateDomainDto): Promise<DomainView> {
    return this.domains.add(ctx, dto.hostname);
  }

  @Get()
  @Allow('store.read')
  @ApiResponse({ status: 200, type: DomainList })
  async list(@Ctx() ctx: RequestContext): Promise<DomainList> {
    return { items: await this.domains.list(ctx) };
  }

  @Post(':domainId/verify')
  @HttpCode(200)
  @Allow('store.manage')
  @Idempotent()
  @ApiParam({ name: 'domainId', format: 'uuid' })
  @ApiResponse({ status: 200, type: DomainView, description: 'status: verified' })
  @ApiResponse({
    status: 409,
    description: 'The TXT record does not hold the value: what was found',
  })
  @ApiResponse({ status: 502, description: 'The DNS lookup failed' })
  verify(@Ctx() ctx: RequestContext, @Param('domainId', IdParam) id: string): Promise<DomainView> {
    return this.domains.verify(ctx, id);
  }

  @Delete(':domainId')
  @HttpCode(204)
  @Allow('store.manage')
  @ApiParam({ name: 'domainId', format: 'uuid' })
  @ApiResponse({ status: 204 })
  async remove(@Ctx() ctx: RequestContext, @Param('domainId', IdParam) id: string): Promise<void> {
    await this.domains.remove(ctx, id);
  }
}
