import { Injectable } from '@nestjs/common';
import { RequestContext } from '@silkcart/shared';

/** A variant with its product, as an export writes it (prices in minor units). */
export interface VariantExportRow {
  id: string;
  slug: string;
  title: string;
  status: string;
  sku: string;
  variantTitle: string;
  price: number;
  compareAtPrice: number | null;
  stock: number;
}

/**
 * Keyset pages of the store's variants with their products for exports (a row per variant,
 * products in creation order, variants in their order): those whose product or variant was
 * created or changed since `since`. Archived products are exported too (their status says so).
 */
@Injectable()
export class ProductExportRepository {
  async page(
    ctx: RequestContext,
    q: { since: string | null; after: string | null; limit: number },
  ): Promise<{ rows: VariantExportRow[]; next: string | null }> {
    const params: unknown[] = [ctx.storeId];
    let where = 'p.store_id = $1';
    if (q.since) {
      const at = params.push(q.since);
      where += ` and (p.updated_at >= $${at}::timestamptz or v.updated_at >= $${at}::timestamptz)`;
    }
    const after: string[] | null = q.after ? JSON.parse(q.after) : null;
    if (after) {
      where += ` and (p.created_at, p.id, v.position, v.id) >
        ($${params.push(after[0])}::timestamptz, $${params.push(after[1])}::uuid,
         $${params.push(Number(after[2]))}::int, $${params.push(after[3])}::uuid)`;
    }
    const rows: Array<VariantExportRow & { k_at: string; k_pos: number; k_vid: string }> =
      await ctx.manager.query(
        `select p.id, p.slug, p.title, p.status, v.sku, v.title as "variantTitle", v.price,
                v.compare_at_price as "compareAtPrice", v.stock,
                p.created_at::text as k_at, v.position as k_pos, v.id as k_vid
           from product p join variant v on v.product_id = p.id
          where ${where}
          order by p.created_at, p.id, v.position, v.id limit $${params.push(q.limit)}`,
        params,
      );
    const last = rows[rows.length - 1];
    return {
      rows: rows.map(({ k_at: _a, k_pos: _p, k_vid: _v, ...row }) => row),
      next:
        rows.length === q.limit
          ? JSON.stringify([last.k_at, last.id, last.k_pos, last.k_vid])
          : null,
    };
  }
}
