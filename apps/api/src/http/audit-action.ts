/** What a store write is in the audit log, read off its route. */
export interface AuditTarget {
  /** `<resource>.<verb>` in snake case: `product.created`, `order.fulfilled`. */
  action: string;
  resourceType: string;
  /** The path parameter naming the resource; null when the answer's `id` names it (a create). */
  idParam: string | null;
  /** PATCH and PUT: the entry carries the `[before, after]` of each changed field. */
  isUpdate: boolean;
}

const VERBS: Record<string, string> = {
  POST: 'created',
  PATCH: 'updated',
  PUT: 'updated',
  DELETE: 'deleted',
};
const PAST: Record<string, string> = {
  fulfil: 'fulfilled',
  cancel: 'cancelled',
  verify: 'verified',
};

const singular = (segment: string) =>
  segment
    .replace(/ies$/, 'y')
    .replace(/(?<!s)s$/, '')
    .replace(/-/g, '_');

/**
 * `POST /stores/:storeId/products` → `product.created` (the id from the answer);
 * `PATCH …/products/:productId/variants/:variantId` → `variant.updated`;
 * `POST …/orders/:orderId/fulfil` → `order.fulfilled`; `PATCH /stores/:storeId` → `store.updated`.
 * `action` overrides the verb's word (`member.role_changed`). Null for a route that is not a
 * store write.
 */
export function auditTargetOf(
  method: string,
  template: string,
  action?: string,
): AuditTarget | null {
  const verb = VERBS[method];
  const at = template.indexOf('/stores/:storeId');
  if (!verb || at < 0) return null;
  const segments = template
    .slice(at + '/stores'.length)
    .split('/')
    .filter(Boolean);
  const isUpdate = method === 'PATCH' || method === 'PUT';
  let resourceType = 'store';
  let idParam: string | null = 'storeId';
  let word = verb;
  for (let i = 1; i < segments.length; i++) {
    const segment = segments[i];
    if (segment.startsWith(':')) continue;
    const next = segments[i + 1];
    if (next?.startsWith(':')) {
      resourceType = singular(segment);
      idParam = next.slice(1);
    } else if (
      i === segments.length - 1 &&
      method === 'POST' &&
      segments[i - 1].startsWith(':') &&
      !segment.endsWith('s')
    ) {
      // An action on the resource before it (…/orders/:orderId/fulfil), not a collection.
      word = PAST[segment] ?? `${segment.replace(/e$/, '')}ed`;
    } else {
      // A collection (a create), or a path of words (…/payments/stripe/connect).
      resourceType = singular(segment);
      idParam = null;
    }
  }
  const resolved = action ?? `${resourceType}.${word}`;
  return { action: resolved, resourceType: resolved.split('.')[0], idParam, isUpdate };
}
