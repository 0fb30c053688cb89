import { IdentityModule } from '@silkcart/identity';
import { PromotionsController } from './api/promotions.controller';
import { MyOrdersController, StoreCustomersController } from './api/customers.controller';
import { ListCustomers, ListMyOrders } from './application/order-queries.use-cases';
import { ProductReviewsController, StoreReviewsController } from './api/reviews.controller';
import {
  ListProductReviews,
  ListStoreReviews,
  ModerateReview,
  WriteReview,
} from './application/review.use-cases';
import { ReviewRepository } from './infrastructure/review.repository';
import {
  ApplyCartPromotion,
  CreatePromotion,
  DeletePromotion,
  GetPromotion,
  ListPromotions,
  PromotionCodes,
  RemoveCartPromotion,
  UpdatePromotion,
} from './application/promotion.use-cases';
import { PromotionRepository } from './infrastructure/promotion.repository';
import { Module } from '@nestjs/common';
import { CatalogModule } from '@silkcart/catalog';
import { TenancyModule } from '@silkcart/tenancy';
import { CartsController } from './api/carts.controller';
import { OrdersController } from './api/orders.controller';
import { StorefrontOrdersController } from './api/storefront-orders.controller';
import { CartViews } from './application/cart-view';
import {
  AddCartItem,
  CreateCart,
  GetCart,
  RemoveCartItem,
  UpdateCartItem,
} from './application/cart.use-cases';
import { CancelOrder } from './application/cancel-order.use-case';
import { FulfilOrder } from './application/fulfil-order.use-case';
import { OrderLines } from './application/order-lines';
import { GetOrder, GetOrderForCustomer, ListOrders } from './application/order-queries.use-cases';
import { OrderTransitions } from './application/order-transitions';
import { OrderingFacade } from './application/ordering.facade';
import { OrderingSchedules } from './application/ordering-schedules';
import { PlaceOrder } from './application/place-order.use-case';
import { CartRepository } from './infrastructure/cart.repository';
import { OrderRepository } from './infrastructure/order.repository';
import { AnalyticsController } from './api/analytics.controller';
import { GetStoreAnalytics } from './application/get-store-analytics.use-case';
import { AnalyticsRepository } from './infrastructure/analytics.repository';
import { OrderExportRepository } from './infrastructure/order-export.repository';

/** Carts, guest checkout, orders and their lifecycle. */
@Module({
  imports: [CatalogModule, TenancyModule, IdentityModule],
  controllers: [
    CartsController,
    StorefrontOrdersController,
    OrdersController,
    PromotionsController,
    ProductReviewsController,
    StoreReviewsController,
    MyOrdersController,
    StoreCustomersController,
    AnalyticsController,
  ],
  providers: [
    CartRepository,
    OrderRepository,
    PromotionRepository,
    ReviewRepository,
    ListMyOrders,
    ListCustomers,
    WriteReview,
    ListProductReviews,
    ListStoreReviews,
    ModerateReview,
    PromotionCodes,
    ListPromotions,
    GetPromotion,
    CreatePromotion,
    UpdatePromotion,
    DeletePromotion,
    ApplyCartPromotion,
    RemoveCartPromotion,
    OrderLines,
    CartViews,
    CreateCart,
    GetCart,
    AddCartItem,
    UpdateCartItem,
    RemoveCartItem,
    PlaceOrder,
    GetOrderForCustomer,
    ListOrders,
    GetOrder,
    OrderTransitions,
    FulfilOrder,
    CancelOrder,
    OrderingSchedules,
    OrderingFacade,
    AnalyticsRepository,
    GetStoreAnalytics,
    OrderExportRepository,
  ],
  exports: [OrderTransitions, OrderingFacade],
})
export class OrderingModule {}
