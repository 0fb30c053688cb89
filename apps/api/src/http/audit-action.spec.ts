import { auditTargetOf } from './audit-action';

describe('auditTargetOf', () => {
  it.each([
    ['POST', '/api/v1/stores/:storeId/products', 'product.created', null],
    ['PATCH', '/api/v1/stores/:storeId/products/:productId', 'product.updated', 'productId'],
    ['DELETE', '/api/v1/stores/:storeId/products/:productId', 'product.deleted', 'productId'],
    ['POST', '/api/v1/stores/:storeId/products/:productId/variants', 'variant.created', null],
    [
      'PATCH',
      '/api/v1/stores/:storeId/products/:productId/variants/:variantId',
      'variant.updated',
      'variantId',
    ],
    ['POST', '/api/v1/stores/:storeId/orders/:orderId/fulfil', 'order.fulfilled', 'orderId'],
    ['POST', '/api/v1/stores/:storeId/orders/:orderId/cancel', 'order.cancelled', 'orderId'],
    ['POST', '/api/v1/stores/:storeId/orders/:orderId/refunds', 'refund.created', null],
    ['POST', '/api/v1/stores/:storeId/domains/:domainId/verify', 'domain.verified', 'domainId'],
    ['PATCH', '/api/v1/stores/:storeId', 'store.updated', 'storeId'],
    ['POST', '/api/v1/stores/:storeId/api-keys', 'api_key.created', null],
    ['DELETE', '/api/v1/stores/:storeId/api-keys/:keyId', 'api_key.deleted', 'keyId'],
    ['PATCH', '/api/v1/stores/:storeId/categories/:categoryId', 'category.updated', 'categoryId'],
  ])('%s %s is %s', (method, template, action, idParam) => {
    expect(auditTargetOf(method, template)).toMatchObject({ action, idParam });
  });

  it('takes the route’s own word and keeps its resource', () => {
    expect(
      auditTargetOf('PATCH', '/api/v1/stores/:storeId/members/:userId', 'member.role_changed'),
    ).toEqual({
      action: 'member.role_changed',
      resourceType: 'member',
      idParam: 'userId',
      isUpdate: true,
    });
  });

  it('leaves reads and routes outside a store alone', () => {
    expect(auditTargetOf('GET', '/api/v1/stores/:storeId/products')).toBeNull();
    expect(auditTargetOf('POST', '/api/v1/stores')).toBeNull();
    expect(auditTargetOf('POST', '/api/v1/catalog/:storeSlug/carts')).toBeNull();
  });
});
