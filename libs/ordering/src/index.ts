export { OrderingModule } from './ordering.module';
export { OrderingFacade } from './application/ordering.facade';
export type {
  ExportPage,
  ExportPageQuery,
  OrderExportRow,
  OrderItemExportRow,
} from './infrastructure/order-export.repository';
export { OrderView, PaymentView, RefundView } from './application/ordering.views';
export {
  OrderPlaced,
  OrderPaid,
  OrderFulfilled,
  OrderCancelled,
  OrderExpired,
  OrderRefunded,
} from './domain/order-events';
export type { OrderPlacedData, OrderStatusChangedData } from './domain/order-events';
export { ReviewCreated } from './domain/review';
export type { ReviewCreatedData } from './domain/review';
export type { OrderStatus } from './domain/order-status';
