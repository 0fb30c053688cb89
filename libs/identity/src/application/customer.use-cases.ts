import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import {
  AddressDto,
  EventBus,
  isUuid,
  NotFound,
  RequestContext,
  scopedReader,
} from '@silkcart/shared';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CustomerPasswordResetRequested, CustomerRegistered } from '../domain/identity-events';
import {
  CurrentPasswordRequired,
  EmailTaken,
  InvalidCredentials,
  InvalidRefreshToken,
  InvalidResetToken,
  RefreshTokenReused,
  WrongCurrentPassword,
} from '../domain/identity.errors';
import {
  ACCESS_TOKEN_TTL_S,
  REFRESH_TOKEN_TTL_MS,
  RESET_TOKEN_TTL_MS,
} from '../domain/refresh-token';
import { CustomerRepository, CustomerRow } from '../infrastructure/customer.repository';
import { Secrets } from '../infrastructure/secrets';
import type { CustomerProfileView, CustomerTokenPairView } from './identity.views';

/** The audience of customer access tokens: merchant routes refuse them, and they name a store. */
export const CUSTOMER_AUDIENCE = 'silkcart-customer';

// Customer accounts mirror merchant users (identity's other use cases), scoped to one store.

const summary = (c: CustomerRow) => ({ id: c.id, email: c.email, name: c.name });
const profile = (c: CustomerRow): CustomerProfileView => ({
  ...summary(c),
  createdAt: c.createdAt,
});

/** Access tokens of at most 15 minutes for one store, and the refresh token of the login. */
@Injectable()
export class CustomerTokens {
  constructor(
    private readonly jwt: JwtService,
    private readonly secrets: Secrets,
    private readonly customers: CustomerRepository,
    private readonly ds: DataSource,
  ) {}

  async issue(
    ctx: RequestContext,
    customer: CustomerRow,
    loginId: string = randomUUID(),
  ): Promise<CustomerTokenPairView> {
    const refreshToken = this.secrets.newToken();
    await this.customers.addRefreshToken(ctx, {
      customerId: customer.id,
      loginId,
      tokenHash: this.secrets.hashToken(refreshToken),
      expiresAt: new Date(Date.now() + REFRESH_TOKEN_TTL_MS),
    });
    const accessToken = await this.jwt.signAsync(
      { sub: customer.id, store: ctx.storeId, jti: randomUUID() },
      { expiresIn: ACCESS_TOKEN_TTL_S, algorithm: 'HS256', audience: CUSTOMER_AUDIENCE },
    );
    return {
      customer: summary(customer),
      accessToken,
      refreshToken,
      tokenType: 'Bearer',
      expiresIn: ACCESS_TOKEN_TTL_S,
    };
  }

  /** See IdentityFacade.customerOf. */
  async inspect(token: string, storeId: string): Promise<string | 'none' | 'invalid'> {
    const decoded = this.jwt.decode<{ aud?: unknown } | null>(token);
    if (!decoded || decoded.aud !== CUSTOMER_AUDIENCE) return 'none';
    let claims: { sub?: unknown; store?: unknown };
    try {
      claims = await this.jwt.verifyAsync(token, {
        algorithms: ['HS256'],
        audience: CUSTOMER_AUDIENCE,
      });
    } catch {
      return 'invalid';
    }
    const sub = claims.sub;
    if (typeof sub !== 'string' || !isUuid(sub) || claims.store !== storeId) return 'invalid';
    // An erased account's tokens stop at once, not when they expire: one indexed read.
    return (await this.customers.exists(scopedReader(this.ds, storeId), sub)) ? sub : 'invalid';
  }
}

@Injectable()
export class RegisterCustomer {
  constructor(
    private readonly customers: CustomerRepository,
    private readonly secrets: Secrets,
    private readonly tokens: CustomerTokens,
    private readonly events: EventBus,
  ) {}

  async execute(
    ctx: RequestContext,
    input: { email: string; password: string; name: string },
  ): Promise<CustomerTokenPairView> {
    const customer = await this.customers.insert(ctx, {
      email: input.email,
      name: input.name,
      passwordHash: await this.secrets.hashPassword(input.password),
    });
    if (!customer) throw new EmailTaken();
    await this.events.publish(ctx, CustomerRegistered, summaryEvent(customer));
    return this.tokens.issue(ctx, customer);
  }
}

const summaryEvent = (c: CustomerRow) => ({ customerId: c.id, email: c.email, name: c.name });

/** Email and password for a token pair; an unknown email costs the same hash as a wrong password. */
@Injectable()
export class CustomerSignIn {
  constructor(
    private readonly customers: CustomerRepository,
    private readonly secrets: Secrets,
    private readonly tokens: CustomerTokens,
  ) {}

  async execute(
    ctx: RequestContext,
    input: { email: string; password: string },
  ): Promise<CustomerTokenPairView> {
    const customer = await this.customers.byEmail(ctx, input.email);
    const ok = await this.secrets.verifyPassword(customer?.passwordHash ?? null, input.password);
    if (!customer || !ok) throw new InvalidCredentials();
    return this.tokens.issue(ctx, customer);
  }
}

/** Rotates a refresh token; a spent one revokes its whole login (reuse detection). */
@Injectable()
export class RefreshCustomerTokens {
  constructor(
    private readonly customers: CustomerRepository,
    private readonly secrets: Secrets,
    private readonly tokens: CustomerTokens,
  ) {}

  async execute(
    ctx: RequestContext,
    input: { refreshToken: string },
  ): Promise<CustomerTokenPairView> {
    const token = await this.customers.refreshTokenForUpdate(
      ctx,
      this.secrets.hashToken(input.refreshToken),
    );
    if (!token) throw new InvalidRefreshToken();
    const outcome = token.spend(new Date());
    if (outcome === 'reused') {
      await this.customers.revokeLogin(ctx, token.loginId);
      throw new RefreshTokenReused();
    }
    if (outcome === 'expired') throw new InvalidRefreshToken();
    await this.customers.markUsed(ctx, token);
    const customer = await this.customers.byId(ctx, token.userId);
    if (!customer) throw new InvalidRefreshToken();
    return this.tokens.issue(ctx, customer, token.loginId);
  }
}

/** Emails a single-use reset token when the account exists; says nothing either way. */
@Injectable()
export class RequestCustomerPasswordReset {
  constructor(
    private readonly customers: CustomerRepository,
    private readonly secrets: Secrets,
    private readonly events: EventBus,
  ) {}

  async execute(ctx: RequestContext, input: { email: string; storeSlug: string }): Promise<void> {
    const customer = await this.customers.byEmail(ctx, input.email);
    if (!customer) return;
    const token = this.secrets.newToken();
    await this.customers.addResetToken(
      ctx,
      customer.id,
      this.secrets.hashToken(token),
      new Date(Date.now() + RESET_TOKEN_TTL_MS),
    );
    await this.events.publish(ctx, CustomerPasswordResetRequested, {
      ...summaryEvent(customer),
      storeSlug: input.storeSlug,
      token,
      expiresInMinutes: RESET_TOKEN_TTL_MS / 60_000,
    });
  }
}

/** Sets a new password with a reset token and signs the customer out everywhere. */
@Injectable()
export class ResetCustomerPassword {
  constructor(
    private readonly customers: CustomerRepository,
    private readonly secrets: Secrets,
  ) {}

  async execute(ctx: RequestContext, input: { token: string; password: string }): Promise<void> {
    const id = await this.customers.spendResetToken(ctx, this.secrets.hashToken(input.token));
    if (!id) throw new InvalidResetToken();
    await this.customers.update(ctx, id, {
      passwordHash: await this.secrets.hashPassword(input.password),
    });
    await this.customers.revokeAll(ctx, id);
  }
}

async function signedIn(customers: CustomerRepository, ctx: RequestContext): Promise<CustomerRow> {
  const customer = ctx.customerId ? await customers.byId(ctx, ctx.customerId) : null;
  if (!customer) throw new NotFound('The account no longer exists');
  return customer;
}

@Injectable()
export class GetCustomerProfile {
  constructor(private readonly customers: CustomerRepository) {}

  async execute(ctx: RequestContext): Promise<CustomerProfileView> {
    return profile(await signedIn(this.customers, ctx));
  }
}

@Injectable()
export class UpdateCustomerProfile {
  constructor(
    private readonly customers: CustomerRepository,
    private readonly secrets: Secrets,
  ) {}

  async execute(
    ctx: RequestContext,
    input: { name?: string; password?: string; currentPassword?: string },
  ): Promise<CustomerProfileView> {
    const customer = await signedIn(this.customers, ctx);
    let passwordHash: string | undefined;
    if (input.password !== undefined) {
      if (input.currentPassword === undefined) throw new CurrentPasswordRequired();
      if (!(await this.secrets.verifyPassword(customer.passwordHash, input.currentPassword))) {
        throw new WrongCurrentPassword();
      }
      passwordHash = await this.secrets.hashPassword(input.password);
    }
    await this.customers.update(ctx, customer.id, { name: input.name, passwordHash });
    return profile({ ...customer, name: input.name ?? customer.name });
  }
}

/** A signed-in customer's saved shipping addresses (the order's address shape). */
@Injectable()
export class CustomerAddresses {
  constructor(private readonly customers: CustomerRepository) {}

  async list(ctx: RequestContext): Promise<{ items: Array<{ id: string } & object> }> {
    const customer = await signedIn(this.customers, ctx);
    return { items: await this.customers.addresses(ctx, customer.id) };
  }

  async add(ctx: RequestContext, address: AddressDto): Promise<{ id: string } & AddressDto> {
    const customer = await signedIn(this.customers, ctx);
    const plain = { ...address };
    return { id: await this.customers.addAddress(ctx, customer.id, plain), ...plain };
  }

  async remove(ctx: RequestContext, id: string): Promise<void> {
    const customer = await signedIn(this.customers, ctx);
    if (!(await this.customers.deleteAddress(ctx, customer.id, id))) {
      throw new NotFound('No such address');
    }
  }
}
