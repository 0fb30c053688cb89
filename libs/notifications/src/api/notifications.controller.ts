import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Allow, Audit, Ctx, Idempotent, Page, RequestContext } from '@silkcart/shared';
import { ListNotifications, ResendOrderConfirmation } from '../application/notification.use-cases';
import {
  NotificationPage,
  NotificationView,
  QueuedNotificationView,
} from '../application/notifications.views';
import { NotificationListQuery, ResendDto } from './notifications.dto';

@ApiTags('notifications')
@ApiBearerAuth()
@ApiParam({ name: 'storeId', format: 'uuid' })
@Controller('stores/:storeId/notifications')
export class NotificationsController {
  constructor(
    private readonly list: ListNotifications,
    private readonly resend: ResendOrderConfirmation,
  ) {}

  @Get()
  @Allow('store.read')
  @ApiResponse({ status: 200, type: NotificationPage })
  history(
    @Ctx() ctx: RequestContext,
    @Query() query: NotificationListQuery,
  ): Promise<Page<NotificationView>> {
    const { orderId, status, page, limit } = query;
    return this.list.execute(ctx, { orderId, status }, page, limit);
  }

  @Post('email/order-confirmation')
  @HttpCode(202)
  @Allow('order.fulfil')
  @Idempotent()
  @Audit('order.confirmation_resent')
  @ApiResponse({ status: 202, type: QueuedNotificationView })
  @ApiResponse({ status: 404, description: 'No such order in this store' })
  resendConfirmation(
    @Ctx() ctx: RequestContext,
    @Body() dto: ResendDto,
  ): Promise<QueuedNotificationView> {
    return this.resend.execute(ctx, dto.orderId);
  }
}
