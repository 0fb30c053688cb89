import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  Allow,
  Ctx,
  IdParam,
  Idempotent,
  InvalidInput,
  NoApiKeys,
  RequestContext,
} from '@silkcart/shared';
import { ApiKeys } from '../application/api-keys';
import { ApiKeyList, CreatedApiKeyView } from '../application/tenancy.views';
import { CreateApiKeyDto } from './stores.dto';

@ApiTags('api-keys')
@ApiBearerAuth()
@ApiParam({ name: 'storeId', format: 'uuid' })
@Controller('stores/:storeId/api-keys')
@NoApiKeys()
export class ApiKeysController {
  constructor(private readonly keys: ApiKeys) {}

  @Post()
  @Allow('store.manage')
  @Idempotent()
  @ApiResponse({ status: 201, type: CreatedApiKeyView, description: '`key` is shown here only' })
  create(@Ctx() ctx: RequestContext, @Body() dto: CreateApiKeyDto): Promise<CreatedApiKeyView> {
    if (dto.type === 'publishable' && dto.role !== undefined) {
      throw new InvalidInput('A publishable key has no role', [
        { field: 'role', message: 'role is for secret keys only' },
      ]);
    }
    return this.keys.create(ctx, dto) as Promise<CreatedApiKeyView>;
  }

  @Get()
  @Allow('store.manage')
  @ApiResponse({ status: 200, type: ApiKeyList, description: 'Never with `key`' })
  async list(@Ctx() ctx: RequestContext): Promise<ApiKeyList> {
    return { items: await this.keys.list(ctx) };
  }

  @Delete(':keyId')
  @HttpCode(204)
  @Allow('store.manage')
  @ApiParam({ name: 'keyId', format: 'uuid' })
  @ApiResponse({ status: 204, description: 'The key is refused (401) from then on' })
  async remove(@Ctx() ctx: RequestContext, @Param('keyId', IdParam) id: string): Promise<void> {
    await this.keys.revoke(ctx, id);
  }
}
