import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Allow, Audit, Ctx, IdParam, Idempotent, Page, RequestContext } from '@silkcart/shared';
import {
  CreateWebhook,
  DeleteWebhook,
  ListWebhookDeliveries,
  ListWebhooks,
  RetryWebhookDelivery,
  UpdateWebhook,
} from '../application/webhook.use-cases';
import {
  CreatedWebhookView,
  WebhookDeliveryPage,
  WebhookDeliveryView,
  WebhookList,
  WebhookView,
} from '../application/webhooks.views';
import { CreateWebhookDto, UpdateWebhookDto, WebhookDeliveryQuery } from './webhooks.dto';

@ApiTags('webhooks')
@ApiBearerAuth()
@ApiParam({ name: 'storeId', format: 'uuid' })
@Controller('stores/:storeId/webhooks')
export class WebhooksController {
  constructor(
    private readonly createWebhook: CreateWebhook,
    private readonly listWebhooks: ListWebhooks,
    private readonly updateWebhook: UpdateWebhook,
    private readonly deleteWebhook: DeleteWebhook,
    private readonly listDeliveries: ListWebhookDeliveries,
    private readonly retryDelivery: RetryWebhookDelivery,
  ) {}

  @Post()
  @Allow('store.manage')
  @Idempotent()
  @ApiResponse({
    status: 201,
    type: CreatedWebhookView,
    description: '`secret` is shown here only',
  })
  @ApiResponse({ status: 400, description: 'Not an http(s) URL, or an unknown event type' })
  create(@Ctx() ctx: RequestContext, @Body() dto: CreateWebhookDto): Promise<CreatedWebhookView> {
    return this.createWebhook.execute(ctx, dto);
  }

  @Get()
  @Allow('store.manage')
  @ApiResponse({ status: 200, type: WebhookList, description: 'Never with `secret`' })
  async list(@Ctx() ctx: RequestContext): Promise<WebhookList> {
    return { items: await this.listWebhooks.execute(ctx) };
  }

  @Patch(':webhookId')
  @Allow('store.manage')
  @ApiParam({ name: 'webhookId', format: 'uuid' })
  @ApiResponse({ status: 200, type: WebhookView })
  @ApiResponse({ status: 404, description: 'No such webhook in this store' })
  update(
    @Ctx() ctx: RequestContext,
    @Param('webhookId', IdParam) id: string,
    @Body() dto: UpdateWebhookDto,
  ): Promise<WebhookView> {
    return this.updateWebhook.execute(ctx, id, dto);
  }

  @Delete(':webhookId')
  @HttpCode(204)
  @Allow('store.manage')
  @ApiParam({ name: 'webhookId', format: 'uuid' })
  @ApiResponse({ status: 204, description: 'The endpoint and its deliveries are gone' })
  @ApiResponse({ status: 404, description: 'No such webhook in this store' })
  async remove(@Ctx() ctx: RequestContext, @Param('webhookId', IdParam) id: string): Promise<void> {
    await this.deleteWebhook.execute(ctx, id);
  }

  @Get(':webhookId/deliveries')
  @Allow('store.manage')
  @ApiParam({ name: 'webhookId', format: 'uuid' })
  @ApiResponse({ status: 200, type: WebhookDeliveryPage, description: 'Newest first' })
  @ApiResponse({ status: 404, description: 'No such webhook in this store' })
  deliveries(
    @Ctx() ctx: RequestContext,
    @Param('webhookId', IdParam) id: string,
    @Query() query: WebhookDeliveryQuery,
  ): Promise<Page<WebhookDeliveryView>> {
    const { status, page, limit } = query;
    return this.listDeliveries.execute(ctx, id, { status, page, limit });
  }

  @Post(':webhookId/deliveries/:deliveryId/retry')
  @HttpCode(202)
  @Allow('store.manage')
  @Idempotent()
  @Audit(false)
  @ApiParam({ name: 'webhookId', format: 'uuid' })
  @ApiParam({ name: 'deliveryId', format: 'uuid' })
  @ApiResponse({ status: 202, description: 'One more attempt is queued, whatever the status' })
  @ApiResponse({ status: 404, description: 'No such webhook or delivery in this store' })
  async retry(
    @Ctx() ctx: RequestContext,
    @Param('webhookId', IdParam) id: string,
    @Param('deliveryId', IdParam) deliveryId: string,
  ): Promise<void> {
    await this.retryDelivery.execute(ctx, id, deliveryId);
  }
}
