import { Injectable } from '@nestjs/common';
import type { RequestContext, Role } from '@silkcart/shared';
import { DataSource } from 'typeorm';
import type { StoreRef } from '../application/tenancy.facade';
import { Store } from '../domain/store';
import { StoreSchema } from './tenancy.schema';

@Injectable()
export class StoreRepository {
  constructor(private readonly ds: DataSource) {}

  /** A store by slug, outside any transaction (store has no row-level security). */
  async refBySlug(slug: string): Promise<StoreRef | null> {
    const rows: StoreRef[] = await this.ds.query(
      `select id, slug, name, currency,
              coalesce((settings -> 'storefront' ->> 'requirePublishableKey')::boolean, false)
                as "requirePublishableKey"
         from store where slug = $1`,
      [slug],
    );
    return rows[0] ?? null;
  }

  findById(ctx: RequestContext, id: string): Promise<Store | null> {
    return ctx.manager.getRepository(StoreSchema).findOneBy({ id });
  }

  /** Locks the store row: membership changes of one store happen one at a time. */
  findByIdForUpdate(ctx: RequestContext, id: string): Promise<Store | null> {
    return ctx.manager
      .getRepository(StoreSchema)
      .createQueryBuilder('s')
      .setLock('pessimistic_write')
      .where('s.id = :id', { id })
      .getOne();
  }

  findBySlug(ctx: RequestContext, slug: string): Promise<Store | null> {
    return ctx.manager.getRepository(StoreSchema).findOneBy({ slug });
  }

  async insert(
    ctx: RequestContext,
    store: Pick<Store, 'slug' | 'name' | 'currency' | 'supportEmail'>,
  ): Promise<Store> {
    const repo = ctx.manager.getRepository(StoreSchema);
    return repo.save(repo.create({ ...store, settings: {} }));
  }

  async save(ctx: RequestContext, store: Store): Promise<void> {
    await ctx.manager.getRepository(StoreSchema).save(store);
  }

  /** The stores a user belongs to, with the user's role in each. */
  async pageOfMember(
    ctx: RequestContext,
    userId: string,
    page: { page: number; limit: number },
  ): Promise<{ rows: Array<{ store: Store; role: Role }>; total: number }> {
    const qb = ctx.manager
      .getRepository(StoreSchema)
      .createQueryBuilder('s')
      .innerJoin('membership', 'm', 'm.store_id = s.id and m.user_id = :userId', { userId })
      .addSelect('m.role', 'm_role')
      .orderBy('s.created_at', 'ASC')
      .addOrderBy('s.id', 'ASC')
      .offset((page.page - 1) * page.limit)
      .limit(page.limit);
    const [{ entities, raw }, total] = await Promise.all([
      qb.getRawAndEntities<{ m_role: Role }>(),
      qb.getCount(),
    ]);
    return { rows: entities.map((store, i) => ({ store, role: raw[i].m_role })), total };
  }
}
